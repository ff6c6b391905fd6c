import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translateFieldMessage } from '../../frontend/src/forms/validate';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { fileContentType, ProjectFiles } from '../../frontend/src/pages/admin/project-files';
import type { ProjectFile } from '../../frontend/src/pages/admin/project-files-types';
import { id, json } from './api-stub';
import { projectDetail } from './project-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const project = projectDetail();

const stored: ProjectFile = {
  id: id(70),
  code: 'FILE001',
  filename: 'noter-violin.pdf',
  contentType: 'application/pdf',
  sizeBytes: 2048,
  sendOn: 'request',
  need: null,
  confirmed: true,
  createdAt: '2026-11-20T10:00:00Z',
};

function stubApi(files: ProjectFile[]) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  const list = [...files];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const url = new URL(input, 'http://localhost');
      calls.push({ method, url: url.pathname, body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body });
      const base = `/api/projects/${id(1)}/files`;
      if (method === 'GET' && url.pathname === base) return json(200, { items: list, total: list.length });
      if (method === 'POST' && url.pathname === base) {
        const created = { ...stored, id: id(71), code: 'FILE002', filename: 'schema.pdf', sendOn: 'accept', need: { id: id(50), code: 'NEED001' }, confirmed: false };
        return json(201, { file: created, upload: { url: '/_local/files/upload', fields: { key: 'k', policy: 'p' } } });
      }
      if (method === 'POST' && url.pathname === '/_local/files/upload') return new Response(null, { status: 204 });
      if (method === 'POST' && url.pathname === `${base}/${id(71)}/confirm`) {
        const confirmed = { ...stored, id: id(71), code: 'FILE002', filename: 'schema.pdf', sendOn: 'accept' as const, need: { id: id(50), code: 'NEED001' } };
        list.push(confirmed);
        return json(200, confirmed);
      }
      if (method === 'DELETE') return json(409, { error: { code: 'file_in_use', message: 'FILE001 is attached to an email that has not been sent yet.' } });
      if (method === 'PATCH') return json(200, { ...stored, sendOn: 'accept' });
      return json(404, { error: { code: 'not_found', message: 'No such route.' } });
    }),
  );
  return calls;
}

describe("a project's files", () => {
  it('lists the files, refuses to upload without a valid file, then uploads, stores and confirms one', async () => {
    const calls = stubApi([stored]);
    render(() => <ProjectFiles project={project} />);

    const row = await screen.findByRole('row', { name: /noter-violin\.pdf/ });
    expect(within(row).getByText('FILE001 · 2 kB')).toBeTruthy();
    expect((within(row).getByLabelText('Skickas med: noter-violin.pdf') as HTMLSelectElement).value).toBe('request');

    const upload = screen.getByRole('button', { name: 'Ladda upp' });
    fireEvent.click(upload);
    expect(await screen.findByText('Välj en fil först.')).toBeTruthy();
    const input = screen.getByLabelText('Fil') as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input, { target: { files: [new File(['MZ'], 'program.exe', { type: 'application/x-msdownload' })] } });
    fireEvent.click(upload);
    expect(await screen.findByText(/Den här sortens fil kan inte bifogas/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    fireEvent.change(input, { target: { files: [new File(['%PDF'], 'schema.pdf', { type: '' })] } });
    fireEvent.change(screen.getByLabelText('Skickas med'), { target: { value: 'accept' } });
    fireEvent.change(screen.getByLabelText('Gäller'), { target: { value: id(50) } });
    fireEvent.click(upload);

    expect(await screen.findByText('schema.pdf laddades upp.')).toBeTruthy();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.url)).toEqual([`/api/projects/${id(1)}/files`, '/_local/files/upload', `/api/projects/${id(1)}/files/${id(71)}/confirm`]);
    // The type follows from the name when the browser gives none.
    expect(posts[0].body).toEqual({ filename: 'schema.pdf', contentType: 'application/pdf', sizeBytes: 4, sendOn: 'accept', needId: id(50) });
    expect(await screen.findByRole('row', { name: /schema\.pdf/ })).toBeTruthy();
  });

  it("asks before removing a file and shows the server's refusal; changes when a file is sent", async () => {
    const calls = stubApi([stored]);
    render(() => <ProjectFiles project={project} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Ta bort noter-violin.pdf' }));
    expect(calls.filter((c) => c.method === 'DELETE')).toEqual([]);
    const ask = screen.getByRole('group', { name: 'Ta bort noter-violin.pdf' });
    expect(ask.textContent).toContain('Ta bort noter-violin.pdf från projektet?');
    fireEvent.click(within(ask).getByRole('button', { name: 'Ta bort noter-violin.pdf' }));
    expect((await screen.findByRole('alert')).textContent).toContain('FILE001 is attached to an email that has not been sent yet.');

    fireEvent.change(screen.getByLabelText('Skickas med: noter-violin.pdf'), { target: { value: 'accept' } });
    expect(await screen.findByText('noter-violin.pdf ändrades.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ sendOn: 'accept' });
  });

  it('offers download only, in English, for an archived project', async () => {
    setLocale('en');
    stubApi([stored]);
    render(() => <ProjectFiles project={{ ...project, archived: true }} />);
    const row = await screen.findByRole('row', { name: /noter-violin\.pdf/ });
    expect(within(row).getByRole('button', { name: 'Download noter-violin.pdf' })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect((within(row).getByLabelText('Sent with: noter-violin.pdf') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Upload' })).toBeNull();
  });

  it('names a type for files browsers leave untyped', () => {
    expect(fileContentType({ name: 'Stämma.MUSICXML', type: '' })).toBe('application/vnd.recordare.musicxml+xml');
    expect(fileContentType({ name: 'a.docx', type: '' })).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(fileContentType({ name: 'a.svg', type: 'image/svg+xml' })).toBeUndefined();
    expect(fileContentType({ name: 'Partitur.xml', type: '' })).toBe('application/xml');
    expect(fileContentType({ name: 'IMG_0042.heif', type: '' })).toBe('image/heif');
    expect(fileContentType({ name: 'IMG_0042.HEIC', type: 'image/heif' })).toBe('image/heif');
  });

  it('never sends a type the name does not fit (the API refuses evil.exe as a PDF)', () => {
    expect(fileContentType({ name: 'evil.exe', type: 'application/pdf' })).toBeUndefined();
    expect(fileContentType({ name: 'x.html', type: 'application/pdf' })).toBeUndefined();
    expect(fileContentType({ name: 'foto.jpg', type: 'image/png' })).toBe('image/jpeg');
  });
});

describe('field errors in the page language', () => {
  it('says the shared schemas’ common messages in Swedish, and leaves unknown ones as written', () => {
    expect(translateFieldMessage('is required')).toBe('måste fyllas i');
    expect(translateFieldMessage('must be at most 200 characters')).toBe('får vara högst 200 tecken');
    expect(translateFieldMessage('must be a whole number from 1 to 12')).toBe('måste vara ett heltal från 1 till 12');
    expect(translateFieldMessage('NEED001 has already sent requests')).toBe('NEED001 has already sent requests');
    expect(translateFieldMessage('no position "Solo" on Trumpet')).toBe('ingen stämma "Solo" på Trumpet');
    setLocale('en');
    expect(translateFieldMessage('must be at most 200 characters')).toBe('must be at most 200 characters');
  });
});

describe('dates in the page language', () => {
  it('writes Swedish dates as 2026-12-04 and English ones with the month named, a start date on its own day', async () => {
    const { formatDate, formatDateTime } = await import('../../frontend/src/pages/admin/musician-format');
    expect(formatDate('2027-01-04')).toBe('2027-01-04');
    expect(formatDateTime('2026-12-04T14:53:00')).toBe('2026-12-04 14:53');
    setLocale('en');
    expect(formatDate('2027-01-04')).toBe('4 Jan 2027');
    expect(formatDateTime('2026-12-04T14:53:00')).toBe('4 Dec 2026, 14:53');
  });
});
