import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * Listing an orchestra's backups (SPEC §4) through the local HTTP server on real PostgreSQL: what the
 * backup POST answered comes back, newest first, with who made it — once per database adapter.
 */
describe.each(['pg', 'data-api'] as const)('superadmin backups list (%s adapter)', (adapter) => {
  let product: TestProduct;
  let cookie: string;

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    await product.addSuperadmin('backup-root@example.org', 'super-secret-password');
    const res = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'backup-root@example.org', password: 'super-secret-password' } });
    cookie = (res.headers['set-cookie'] as string[])[0].split(';')[0];
  });
  afterAll(async () => {
    await product?.close();
  });

  const api = (method: string, path: string) => product.call(method, `/api/superadmin${path}`, { host: product.apexHost, cookie });

  it('lists the backups the POST made, newest first, each with its size, time and maker', async () => {
    const source = await product.addOrchestra('bkp', { seed: true });
    const other = await product.addOrchestra('bkp-other');
    expect((await api('GET', `/orchestras/${source.record.id}/backups`)).json).toEqual({ items: [], total: 0 });

    const first = await api('POST', `/orchestras/${source.record.id}/backup`);
    const second = await api('POST', `/orchestras/${source.record.id}/backup`);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json.key).not.toBe(first.json.key);
    expect((await api('POST', `/orchestras/${other.record.id}/backup`)).status).toBe(201);

    const list = await api('GET', `/orchestras/${source.record.id}/backups`);
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(2);
    expect(list.json.items.map((b: { key: string }) => b.key)).toEqual([second.json.key, first.json.key]);
    expect(list.json.items[0]).toEqual({
      key: second.json.key,
      sizeBytes: second.json.sizeBytes,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      createdBy: { userId: expect.any(String), email: 'backup-root@example.org', name: expect.any(String) },
    });
    expect(list.json.items[1].sizeBytes).toBe(first.json.sizeBytes);
    expect(Date.parse(list.json.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(list.json.items[1].createdAt));
  });

  it('answers 404 for an unknown orchestra and 400 for an id that is no id', async () => {
    const unknown = await api('GET', `/orchestras/${randomUUID()}/backups`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/No orchestra/);
    expect((await api('GET', '/orchestras/not-an-id/backups')).status).toBe(400);
  });

  it("refuses an orchestra admin's session, on its own host and on the apex", async () => {
    const orchestra = await product.addOrchestra('bkp-admin');
    const adminCookie = await product.loginAs(orchestra);
    const path = `/api/superadmin/orchestras/${orchestra.record.id}/backups`;
    expect((await product.call('GET', path, { host: orchestra.host, cookie: adminCookie })).status).toBe(403);
    expect((await product.call('GET', path, { host: product.apexHost, cookie: adminCookie })).status).toBe(403);
    expect((await product.call('GET', path, { host: product.apexHost })).status).toBe(401);
  });
});
