import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../shared/app/mail/enqueue-email';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Project files through the real HTTP server, the orchestra's own database and the local file store, once
 * per database adapter: start an upload, send the bytes to the signed form (as a browser would to S3),
 * confirm, download through the signed link; the checks on type, size, need and orchestra on the way.
 */
describe.each(['pg', 'data-api'] as const)('files API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let otherCookie: string;
  let db: Database;
  let port: string;
  let projectId: string;
  let needId: string;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const filesPath = () => `/api/projects/${projectId}/files`;
  const pdf = Buffer.from('%PDF-1.4\n% Stämningar för Mahler 5\n%%EOF\n', 'utf8');

  /**
   * A request to the twin's stand-in for the bucket, as the browser on the orchestra's page sends it: on its
   * *.localhost name (the only names /_local/files answers on), which fetch cannot put in the Host header.
   */
  async function localFiles(path: string, form?: FormData) {
    const encoded = form ? new Request('http://local/', { method: 'POST', body: form }) : undefined;
    const body = encoded ? Buffer.from(await encoded.arrayBuffer()) : undefined;
    const headers: Record<string, string> = { host: orchestra.host };
    if (encoded && body) Object.assign(headers, { 'content-type': encoded.headers.get('content-type')!, 'content-length': String(body.length) });
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; json(): Promise<any> }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: form ? 'POST' : 'GET', path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const received = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: received, json: async () => JSON.parse(received.toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** What the browser does with the upload form: the signed fields, then the file, as multipart. */
  function postForm(upload: { url: string; fields: Record<string, string> }, content: Buffer, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...upload.fields, ...fields })) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(content)]), 'upload.bin');
    return localFiles(upload.url, form);
  }

  async function startUpload(body: Record<string, unknown> = {}, content = pdf) {
    const res = await call('POST', filesPath(), { filename: 'Stämningar.pdf', contentType: 'application/pdf', sizeBytes: content.length, sendOn: 'request', ...body });
    expect(res.status, res.text).toBe(201);
    return res.json as { file: { id: string; code: string; confirmed: boolean; need: { id: string } | null }; upload: { url: string; fields: Record<string, string> } };
  }

  async function uploadedFile(body: Record<string, unknown> = {}, content = pdf) {
    const started = await startUpload(body, content);
    expect((await postForm(started.upload, content)).status).toBe(204);
    const confirmed = await call('POST', `${filesPath()}/${started.file.id}/confirm`);
    expect(confirmed.status, confirmed.text).toBe(200);
    return confirmed.json as { id: string; code: string };
  }

  const storageKeyOf = async (fileId: string) =>
    (await db.query<{ storage_key: string }>(`SELECT storage_key FROM files WHERE id = :id::uuid`, { id: fileId })).rows[0]?.storage_key;

  async function auditActions(entityId: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = :entityId ORDER BY id`, { entityId });
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('files', { seed: true });
    other = await product.addOrchestra('elsewhere', { seed: true });
    cookie = await product.loginAs(orchestra);
    otherCookie = await product.loginAs(other);
    port = orchestra.host.split(':')[1];
    db = await product.orchestraDb(orchestra);
    projectId = (await call('POST', '/api/projects', { name: 'Mahler 5', startDate: '2027-05-10' })).json.id;
    const { rows } = await db.query<{ position_id: string; list_id: string }>(
      `SELECT p.id AS position_id, l.id AS list_id FROM positions p JOIN ranking_lists l ON l.position_id = p.id AND l.kind = 'A' WHERE p.name = 'Tutti violin 1'`,
    );
    const need = await call('POST', `/api/projects/${projectId}/needs`, { positionId: rows[0].position_id, listId: rows[0].list_id, quantity: 2, strategy: 'sequential' });
    expect(need.status, need.text).toBe(201);
    needId = need.json.id;
  });
  afterAll(() => product?.close());

  it('uploads through the signed form, confirms, lists and downloads the same bytes', async () => {
    const started = await startUpload({ needId, sendOn: 'accept' });
    expect(started.file).toMatchObject({ confirmed: false, need: { id: needId }, sendOn: 'accept', filename: 'Stämningar.pdf', sizeBytes: pdf.length });
    expect(started.upload.url).toBe('/_local/files/upload');
    expect(started.upload.fields.key).toMatch(new RegExp(`^orchestras/${orchestra.record.id}/projects/${projectId}/uploads/[0-9a-f-]{36}$`));
    expect(started.upload.fields['Content-Type']).toBe('application/pdf');

    // Not listed, not downloadable and not confirmable before the bytes arrive.
    expect((await call('GET', filesPath())).json).toEqual({ items: [], total: 0 });
    expect((await call('GET', `${filesPath()}/${started.file.id}/download`)).status).toBe(404);
    const early = await call('POST', `${filesPath()}/${started.file.id}/confirm`);
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/has not been uploaded yet/);

    expect((await postForm(started.upload, pdf)).status).toBe(204);
    const confirmed = await call('POST', `${filesPath()}/${started.file.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ id: started.file.id, confirmed: true, sizeBytes: pdf.length });
    expect((await call('POST', `${filesPath()}/${started.file.id}/confirm`)).json.confirmedAt).toBe(confirmed.json.confirmedAt);

    const listed = await call('GET', `${filesPath()}?needId=${needId}&sendOn=accept`);
    expect(listed.json.total).toBe(1);
    expect(listed.json.items[0]).toMatchObject({ id: started.file.id, code: started.file.code });
    expect(listed.json.items[0]).not.toHaveProperty('storageKey');
    expect((await call('GET', `${filesPath()}?sendOn=request`)).json.total).toBe(0);

    const link = await call('GET', `${filesPath()}/${started.file.id}/download`);
    expect(link.status).toBe(200);
    expect(new Date(link.json.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60 * 1000 + 5000);
    const download = await localFiles(link.json.url);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="St_mningar.pdf"; filename*=UTF-8''St%C3%A4mningar.pdf`);
    expect(download.body).toEqual(pdf);

    expect(await auditActions(started.file.id)).toEqual(['file.create', 'file.confirm']);
  });

  it('refuses a bad type, an oversize or empty file, a bad name and a need of another project with 400 naming the field', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await call('POST', filesPath(), { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sendOn: 'request', ...body });
      expect(res.status, res.text).toBe(400);
      return [...new Set(res.json.error.fields.map((f: { field: string }) => f.field))];
    };
    expect(await bad({ contentType: 'image/svg+xml' })).toEqual(['contentType']);
    expect(await bad({ contentType: 'application/x-msdownload' })).toEqual(['contentType']);
    expect(await bad({ sizeBytes: 25 * 1024 * 1024 + 1 })).toEqual(['sizeBytes']);
    expect(await bad({ sizeBytes: 0 })).toEqual(['sizeBytes']);
    expect(await bad({ filename: '../etc/passwd' })).toEqual(['filename']);
    expect(await bad({ sendOn: 'sometimes' })).toEqual(['sendOn']);
    expect(await bad({ needId: 'not-an-id' })).toEqual(['needId']);

    const otherProject = (await call('POST', '/api/projects', { name: 'Other', startDate: '2027-06-01' })).json.id;
    const res = await call('POST', `/api/projects/${otherProject}/files`, { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sendOn: 'request', needId });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: 'needId', message: 'is not a need of this project' }]);

    // The upper-case type a browser may report is accepted as the same type.
    expect((await startUpload({ contentType: 'Application/PDF' })).file).toMatchObject({ contentType: 'application/pdf' });
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM files WHERE project_id = :p::uuid`, { p: otherProject });
    expect(rows[0].n).toBe(0);
  });

  it('refuses a name whose ending does not fit the type, or that holds text-direction controls, with 400 on filename', async () => {
    const refused = async (filename: string, contentType = 'application/pdf') => {
      const res = await call('POST', filesPath(), { filename, contentType, sizeBytes: 10, sendOn: 'request' });
      expect(res.status, `${filename}: ${res.text}`).toBe(400);
      return res.json.error.fields as { field: string; message: string }[];
    };
    expect(await refused('evil.exe')).toEqual([{ field: 'filename', message: 'must end in .pdf for a PDF (application/pdf)' }]);
    expect(await refused('x.html')).toEqual([{ field: 'filename', message: 'must end in .pdf for a PDF (application/pdf)' }]);
    expect(await refused('Stämmor')).toEqual([{ field: 'filename', message: 'must end in .pdf for a PDF (application/pdf)' }]);
    expect(await refused('bild.png', 'image/jpeg')).toEqual([{ field: 'filename', message: 'must end in .jpg or .jpeg or .jpe or .jfif for a JPEG image (image/jpeg)' }]);
    // U+202E shows "Noter\u202Efdp.exe" as "Noterexe.pdf"; with a fitting ending the override alone is refused.
    const direction = { field: 'filename', message: 'must not contain characters that reverse the text direction (they can disguise the ending)' };
    expect(await refused('Noter\u202Efdp.exe')).toContainEqual(direction);
    expect(await refused('Noter\u202E.pdf')).toEqual([direction]);
    expect(await refused('Noter\u2067x\u2069.pdf')).toEqual([direction]);

    for (const [filename, contentType] of [['Stämmor.PDF', 'application/pdf'], ['Mahler 5.musicxml', 'application/xml'], ['Foto.heic', 'image/heif']]) {
      expect((await call('POST', filesPath(), { filename, contentType, sizeBytes: 10, sendOn: 'request' })).status, filename).toBe(201);
    }
  });

  it('checks the first bytes against the type at confirm: a page sent as a PDF is refused with 400 and never listed', async () => {
    const page = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const started = await startUpload({}, page);
    expect((await postForm(started.upload, page)).status).toBe(204);
    const refused = await call('POST', `${filesPath()}/${started.file.id}/confirm`);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.error.fields).toEqual([{ field: 'file', message: 'is not a PDF (application/pdf): its first bytes are not those of one' }]);
    expect((await call('GET', filesPath())).json.items.map((f: { id: string }) => f.id)).not.toContain(started.file.id);
    expect((await call('GET', `${filesPath()}/${started.file.id}/download`)).status).toBe(404);
    // The refused bytes are not kept; confirming again says there is nothing uploaded.
    expect(await product.runtime.files.exists(started.upload.fields.key)).toBe(false);
    expect((await call('POST', `${filesPath()}/${started.file.id}/confirm`)).json.error.code).toBe('upload_missing');
    expect(await auditActions(started.file.id)).toEqual(['file.create']);

    // What each type really starts with is confirmed.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR…')]);
    await uploadedFile({ filename: 'Sittplan.png', contentType: 'image/png' }, png);
    await uploadedFile({ filename: 'Noter.txt', contentType: 'text/plain' }, Buffer.from('Stråkar: 14-12-10-8-6\r\n', 'utf8'));
  });

  it('an upload form is single-use: posted again after confirm, it changes nothing that is downloaded or sent', async () => {
    const started = await startUpload();
    expect((await postForm(started.upload, pdf)).status).toBe(204);
    const confirmed = await call('POST', `${filesPath()}/${started.file.id}/confirm`);
    expect(confirmed.status, confirmed.text).toBe(200);
    // The bytes are served from a key of their own, not the one the form may write to.
    const served = await storageKeyOf(started.file.id);
    expect(served).not.toBe(started.upload.fields.key);
    expect(served).toMatch(new RegExp(`^orchestras/${orchestra.record.id}/projects/${projectId}/files/`));

    // S3 cannot take a presigned POST back before it expires, so the replay is accepted, and goes nowhere.
    const replaced = Buffer.from('%PDF-1.4\n% Another file altogether, same size\n'.slice(0, pdf.length).padEnd(pdf.length, '.'));
    expect((await postForm(started.upload, replaced)).status).toBe(204);
    expect((await call('POST', `${filesPath()}/${started.file.id}/confirm`)).json).toEqual(confirmed.json);
    const link = await call('GET', `${filesPath()}/${started.file.id}/download`);
    expect((await localFiles(link.json.url)).body).toEqual(pdf);
    expect(await storageKeyOf(started.file.id)).toBe(served);
    expect(await product.runtime.files.get(served!)).toEqual(pdf);

    // Deleting the file removes what the replay left at the form's key too.
    expect((await call('DELETE', `${filesPath()}/${started.file.id}`)).status).toBe(204);
    expect(await product.runtime.files.exists(served!)).toBe(false);
    expect(await product.runtime.files.exists(started.upload.fields.key)).toBe(false);
  });

  it('the upload form holds the signed key, type and size, and expires', async () => {
    const started = await startUpload();
    const tampered = await postForm(started.upload, pdf, { 'Content-Type': 'text/html' });
    expect(tampered.status).toBe(403);
    const otherKey = await postForm(started.upload, pdf, { key: `orchestras/${other.record.id}/projects/x/y` });
    expect(otherKey.status).toBe(403);
    const larger = await postForm(started.upload, Buffer.concat([pdf, Buffer.from('more')]));
    expect(larger.status).toBe(400);
    expect((await larger.json()).error.code).toBe('EntityTooLarge');
    expect(await product.runtime.files.exists(started.upload.fields.key)).toBe(false);

    product.clock.advance(16 * 60 * 1000);
    try {
      const late = await postForm(started.upload, pdf);
      expect(late.status).toBe(403);
      expect((await late.json()).error.message).toMatch(/expired/);
    } finally {
      product.clock.useRealTime();
    }
  });

  it('download links are signed and short-lived', async () => {
    const file = await uploadedFile();
    const { url } = (await call('GET', `${filesPath()}/${file.id}/download`)).json as { url: string };
    const forged = url.replace(/filename=[^&]+/, 'filename=evil.html');
    expect((await localFiles(forged)).status).toBe(403);
    product.clock.advance(6 * 60 * 1000);
    try {
      expect((await localFiles(url)).status).toBe(403);
    } finally {
      product.clock.useRealTime();
    }
  });

  it('changes sendOn and the need, with an audit entry; refuses bad changes', async () => {
    const file = await uploadedFile();
    const moved = await call('PATCH', `${filesPath()}/${file.id}`, { sendOn: 'accept', needId });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ sendOn: 'accept', need: { id: needId } });
    const back = await call('PATCH', `${filesPath()}/${file.id}`, { needId: null });
    expect(back.json).toMatchObject({ sendOn: 'accept', need: null });

    expect((await call('PATCH', `${filesPath()}/${file.id}`, {})).status).toBe(400);
    expect((await call('PATCH', `${filesPath()}/${file.id}`, { sendOn: 'never' })).json.error.fields[0].field).toBe('sendOn');
    expect((await call('PATCH', `${filesPath()}/${file.id}`, { needId: projectId })).json.error.fields[0].field).toBe('needId');
    expect((await call('PATCH', `${filesPath()}/${crypto.randomUUID()}`, { sendOn: 'request' })).status).toBe(404);

    const { rows } = await db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE entity_id = :id AND action = 'file.update' ORDER BY id`,
      { id: file.id },
    );
    expect(rows[0]).toMatchObject({ before: { sendOn: 'request', needId: null }, after: { sendOn: 'accept', needId } });
  });

  it('deletes the row and the bytes, but not while an unsent email attaches the file', async () => {
    const file = await uploadedFile();
    const key = (await storageKeyOf(file.id))!;

    const outbox = await db.transaction((tx) =>
      enqueueEmail(tx, { kind: 'group', to: 'someone@example.org', subject: 'Noter', text: 'Se bifogat', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', storageKey: key }] }),
    );
    const refused = await call('DELETE', `${filesPath()}/${file.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/attached to 1 email not sent yet/);
    expect(await product.runtime.files.exists(key)).toBe(true);

    await db.query(`UPDATE outbox SET status = 'sent', sent_at = now() WHERE id = :id::uuid`, { id: outbox.id });
    expect((await call('DELETE', `${filesPath()}/${file.id}`)).status).toBe(204);
    expect(await product.runtime.files.exists(key)).toBe(false);
    expect((await call('GET', `${filesPath()}/${file.id}`)).status).toBe(404);
    expect((await call('DELETE', `${filesPath()}/${file.id}`)).status).toBe(404);
    expect(await auditActions(file.id)).toEqual(['file.create', 'file.confirm', 'file.delete']);
  });

  it('is invisible to other orchestras and refuses archived or unknown projects', async () => {
    const file = await uploadedFile();
    // Another orchestra's admin on its own host: the ids do not exist there.
    for (const path of [`${filesPath()}/${file.id}/download`, `${filesPath()}/${file.id}`, filesPath()]) {
      expect((await product.call('GET', path, { host: other.host, cookie: otherCookie })).status).toBe(404);
    }
    expect((await product.call('DELETE', `${filesPath()}/${file.id}`, { host: other.host, cookie: otherCookie })).status).toBe(404);
    // Its session presented on this orchestra's host is refused outright.
    expect((await product.call('GET', `${filesPath()}/${file.id}/download`, { host: orchestra.host, cookie: otherCookie })).status).toBe(403);
    expect((await product.call('GET', filesPath(), { host: orchestra.host })).status).toBe(401);

    expect((await call('POST', `/api/projects/${crypto.randomUUID()}/files`, { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sendOn: 'request' })).status).toBe(404);
    const archived = (await call('POST', '/api/projects', { name: 'Old', startDate: '2027-01-10' })).json.id;
    expect((await call('POST', `/api/projects/${archived}/archive`)).status).toBe(200);
    expect((await call('POST', `/api/projects/${archived}/files`, { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sendOn: 'request' })).status).toBe(409);
  });
});
