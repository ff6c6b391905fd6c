import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct, type TestResponse } from '../support/test-product';

/**
 * Login throttling through the local HTTP server on the real PostgreSQL, with real concurrency: failed
 * attempts are counted per (host, account) and per source address, a reservation is taken before the
 * password is checked, and past the free attempts each further one waits a growing delay (429 + Retry-After).
 * The clock stands still, so every delay is exact; each test logs in from its own loopback address.
 */
describe('login throttling', () => {
  let product: TestProduct;
  const superEmail = 'root@example.org';
  const superPassword = 'super-secret-password';

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    product.clock.set(new Date());
    await product.addSuperadmin(superEmail, superPassword);
  });
  afterAll(() => product?.close());

  /** A login as a browser on this host sends it, from a given loopback address (any of 127.0.0.0/8). */
  const login = (host: string, email: string, password: string, fromAddress: string) =>
    new Promise<TestResponse>((resolve, reject) => {
      const port = Number(new URL(`http://${product.apexHost}`).port);
      const headers = { host, 'content-type': 'application/json', origin: `http://${host}`, 'sec-fetch-site': 'same-origin' };
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', headers, localAddress: fromAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined, text });
        });
      });
      req.on('error', reject);
      req.end(JSON.stringify({ email, password }));
    });
  const statuses = (results: TestResponse[]) => results.map((r) => r.status);
  const count = (results: TestResponse[], status: number) => results.filter((r) => r.status === status).length;

  it('checks at most 5 of 60 concurrent wrong passwords for one account, refuses the rest with 429, and the right one while throttled', async () => {
    const o = await product.addOrchestra('race');
    const results = await Promise.all(Array.from({ length: 60 }, () => login(o.host, o.adminEmail, 'wrong-password', '127.0.1.1')));
    const evaluated = count(results, 401);
    console.log(`concurrent logins against one account: ${evaluated} evaluated failures out of 60, ${count(results, 429)} answered 429`);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(evaluated + count(results, 429)).toBe(60);
    const right = await login(o.host, o.adminEmail, o.password, '127.0.1.1');
    expect(right.status).toBe(429);
    expect(right.json.error.code).toBe('too_many_requests');
  });

  it('checks at most 30 of 60 concurrent attempts from one address, whatever accounts they name', async () => {
    const host = (await product.addOrchestra('spray')).host;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login(host, `nobody-${i}@example.org`, 'wrong-password', '127.0.2.1')));
    expect(count(results, 401)).toBeLessThanOrEqual(30);
    expect(count(results, 401) + count(results, 429)).toBe(60);
    // Another address is not held back by this one.
    expect((await login(host, 'nobody-0@example.org', 'wrong-password', '127.0.2.2')).status).toBe(401);
  });

  it("does not let failures on an orchestra's host hold back the superadmin on the apex", async () => {
    const host = (await product.addOrchestra('decoy')).host;
    const onOrchestraHost = [];
    for (let i = 0; i < 8; i++) onOrchestraHost.push(await login(host, superEmail, 'wrong-password', '127.0.3.1'));
    // The superadmin can never log in there: nothing is counted for the account, so no delay either.
    expect(statuses(onOrchestraHost)).toEqual(Array(8).fill(401));
    expect((await login(product.apexHost, superEmail, superPassword, '127.0.3.2')).status).toBe(200);
  });

  it("counts an admin's failures on the host they belong to, not the same email on another orchestra's", async () => {
    const home = await product.addOrchestra('home');
    const other = await product.addOrchestra('other');
    for (let i = 0; i < 5; i++) expect((await login(other.host, home.adminEmail, 'wrong-password', '127.0.4.1')).status).toBe(401);
    expect((await login(home.host, home.adminEmail, home.password, '127.0.4.2')).status).toBe(200);
  });

  it('waits a growing delay after the free attempts instead of locking the account', async () => {
    const o = await product.addOrchestra('patience');
    const from = '127.0.5.1';
    for (let i = 0; i < 5; i++) expect((await login(o.host, o.adminEmail, 'wrong-password', from)).status).toBe(401);

    const first = await login(o.host, o.adminEmail, o.password, from);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('60');
    expect(first.json.error.message).toBe('Too many failed login attempts. Try again in 1 minute.');
    product.clock.advance(60_000);
    expect((await login(o.host, o.adminEmail, 'wrong-password', from)).status).toBe(401);

    const second = await login(o.host, o.adminEmail, o.password, from);
    expect(second.headers['retry-after']).toBe('120');
    product.clock.advance(119_000);
    expect((await login(o.host, o.adminEmail, o.password, from)).headers['retry-after']).toBe('1');
    product.clock.advance(1_000);
    // The owner gets in after the wait, and a success starts the count afresh.
    expect((await login(o.host, o.adminEmail, o.password, from)).status).toBe(200);
    expect((await login(o.host, o.adminEmail, 'wrong-password', from)).status).toBe(401);
    expect((await login(o.host, o.adminEmail, o.password, from)).status).toBe(200);
  });
});
