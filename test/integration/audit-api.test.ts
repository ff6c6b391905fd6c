import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * The audit log through the real HTTP server, once per database adapter: entries written by real changes,
 * newest first with before/after, every filter, paging, day boundaries in the orchestra's time zone, and
 * nothing of another orchestra.
 */
describe.each(['pg', 'data-api'] as const)('audit API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  let projectId: string;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const audit = async (query = '') => {
    const res = await call('GET', `/api/audit${query}`);
    expect(res.status, res.text).toBe(200);
    return res.json as { items: { id: number; at: string; action: string; entityType: string; entityId: string; actor: { email: string }; before: unknown; after: unknown }[]; total: number };
  };

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('audited');
    other = await product.addOrchestra('unaudited');
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
    projectId = (await call('POST', '/api/projects', { name: 'Brahms 4', startDate: '2027-02-01' })).json.id;
    expect((await call('PATCH', `/api/projects/${projectId}`, { name: 'Brahms 3' })).status).toBe(200);
    // Entries by another admin at known moments, around midnight in Stockholm (UTC+1 in January).
    await db.query(
      `INSERT INTO audit_log (actor_email, action, entity_type, entity_id, before, after, at) VALUES
         ('Kerstin@Office.example.org', 'musician.update', 'musician', 'm-1', '{"phone":null}', '{"phone":"070"}', '2026-01-15T22:30:00Z'),
         ('kerstin@office.example.org', 'musician.archive', 'musician', 'm-1', '{"archived":false}', '{"archived":true}', '2026-01-15T23:30:00Z'),
         ('kerstin@office.example.org', 'musician.create', 'musician', 'm-2', NULL, '{"code":"MUS002"}', '2026-01-16T23:30:00Z')`,
    );
  });
  afterAll(() => product?.close());

  it('lists every change newest first, with who, what and before/after', async () => {
    const page = await audit();
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.action)).toEqual(['project.update', 'project.create', 'musician.create', 'musician.archive', 'musician.update']);
    expect(page.items[0]).toMatchObject({
      entityType: 'project',
      entityId: projectId,
      actor: { email: orchestra.adminEmail },
      before: { name: 'Brahms 4' },
      after: { name: 'Brahms 3' },
    });
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
  });

  it('filters by entity, action and actor', async () => {
    expect((await audit(`?entityType=project`)).items.map((i) => i.action)).toEqual(['project.update', 'project.create']);
    expect((await audit(`?entityType=musician&entityId=m-1`)).total).toBe(2);
    expect((await audit(`?entityId=${projectId}&action=project.create`)).items).toHaveLength(1);
    expect((await audit(`?action=project`)).total).toBe(0);
    expect((await audit(`?actor=KERSTIN@office`)).total).toBe(3);
    expect((await audit(`?actor=${encodeURIComponent(orchestra.adminEmail)}`)).total).toBe(2);
  });

  it('filters by days in the orchestra time zone, both ends included', async () => {
    // 22:30Z on the 15th is 23:30 on the 15th in Stockholm; 23:30Z is already the 16th there.
    expect((await audit('?from=2026-01-15&to=2026-01-15')).items.map((i) => i.action)).toEqual(['musician.update']);
    expect((await audit('?from=2026-01-16&to=2026-01-16')).items.map((i) => i.action)).toEqual(['musician.archive']);
    expect((await audit('?from=2026-01-16&to=2026-01-17')).total).toBe(2);
    expect((await audit('?to=2026-01-14')).total).toBe(0);
    expect((await audit('?from=2026-02-01')).total).toBe(2);
  });

  it('pages with limit and offset and keeps the total', async () => {
    const first = await audit('?limit=2');
    const second = await audit('?limit=2&offset=2');
    const third = await audit('?limit=2&offset=4');
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    expect([...first.items, ...second.items, ...third.items].map((i) => i.action)).toEqual((await audit()).items.map((i) => i.action));
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const fields = async (query: string) => {
      const res = await call('GET', `/api/audit${query}`);
      expect(res.status).toBe(400);
      return res.json.error.fields.map((f: { field: string }) => f.field);
    };
    expect(await fields('?from=yesterday')).toEqual(['from']);
    const reasons = async (query: string) => (await call('GET', `/api/audit${query}`)).json.error.fields.map((f: { message: string }) => f.message);
    expect(await reasons('?from=yesterday')).toEqual(['must be a date YYYY-MM-DD']);
    expect(await reasons('?to=2027-02-30')).toEqual(['is not a real date']);
    expect(await fields('?from=2026-02-01&to=2026-01-01')).toEqual(['to']);
    expect(await fields('?limit=0')).toEqual(['limit']);
    expect(await fields('?offset=-1')).toEqual(['offset']);
    expect(await fields('?action=')).toEqual(['action']);
  });

  it("shows nothing of another orchestra's changes and needs a session", async () => {
    const otherCookie = await product.loginAs(other);
    const theirs = await product.call('GET', `/api/audit?entityId=${projectId}`, { host: other.host, cookie: otherCookie });
    expect(theirs.json).toEqual({ items: [], total: 0 });
    expect((await product.call('GET', '/api/audit', { host: orchestra.host, cookie: otherCookie })).status).toBe(403);
    expect((await product.call('GET', '/api/audit', { host: orchestra.host })).status).toBe(401);
  });
});
