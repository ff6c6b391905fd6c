import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError, SqlState } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * Accounts, sessions and tenancy through the real local HTTP server, the middy chain and the real
 * PostgreSQL — once with the control database behind the pg adapter, once behind the Data API adapter.
 */
describe.each(['pg', 'data-api'] as const)('auth and tenancy (%s adapter)', (adapter) => {
  let product: TestProduct;
  let alpha: { host: string; adminEmail: string; password: string };
  let beta: { host: string; adminEmail: string; password: string };
  const superPassword = 'super-secret-password';

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    alpha = await product.addOrchestra('alpha');
    beta = await product.addOrchestra('beta');
    await product.addSuperadmin('root@example.org', superPassword);
  });
  afterAll(() => product?.close());

  const login = (host: string, email: string, password: string) =>
    product.call('POST', '/api/auth/login', { host, body: { email, password } });

  it('answers health on the apex and on an orchestra host', async () => {
    const apex = await product.call('GET', '/api/health', { host: product.apexHost });
    expect(apex.status).toBe(200);
    expect(apex.json).toMatchObject({ ok: true, orchestra: null });
    const orchestra = await product.call('GET', '/api/health', { host: alpha.host });
    expect(orchestra.json).toMatchObject({ ok: true, orchestra: product.subdomain('alpha') });
    expect(orchestra.json.databases.map((d: { name: string }) => d.name)).toEqual(['control', 'orchestra']);
  });

  it('logs an admin in, names the orchestra in /me, and refuses the cookie on another orchestra', async () => {
    const res = await login(alpha.host, alpha.adminEmail, alpha.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers['set-cookie']![0];
    expect(setCookie).toMatch(/^os_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const cookie = setCookie.split(';')[0];

    const me = await product.call('GET', '/api/auth/me', { host: alpha.host, cookie });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email: alpha.adminEmail, role: 'admin' }, orchestra: { subdomain: product.subdomain('alpha') } });

    const elsewhere = await product.call('GET', '/api/auth/me', { host: beta.host, cookie });
    expect(elsewhere.status).toBe(403);
    const onApex = await product.call('GET', '/api/auth/me', { host: product.apexHost, cookie });
    expect(onApex.status).toBe(403);
  });

  it("does not let an admin log in on another orchestra's host", async () => {
    const res = await login(beta.host, alpha.adminEmail, alpha.password);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_credentials');
  });

  it('logs a superadmin in on the apex only', async () => {
    expect((await login(product.apexHost, 'root@example.org', superPassword)).status).toBe(200);
    expect((await login(alpha.host, 'root@example.org', superPassword)).status).toBe(401);
  });

  it('answers 401 without a session, and for a forged or expired cookie', async () => {
    expect((await product.call('GET', '/api/auth/me', { host: alpha.host })).status).toBe(401);
    const forged = await product.call('GET', '/api/auth/me', { host: alpha.host, cookie: 'os_session=eyJhbGciOiJIUzI1NiJ9.e30.AAAA' });
    expect(forged.status).toBe(401);

    const res = await login(alpha.host, alpha.adminEmail, alpha.password);
    const cookie = res.headers['set-cookie']![0].split(';')[0];
    product.clock.advance(9 * 3_600_000);
    try {
      const expired = await product.call('GET', '/api/auth/me', { host: alpha.host, cookie });
      expect(expired.status).toBe(401);
    } finally {
      product.clock.advance(-9 * 3_600_000);
    }
  });

  it('ends the session on logout, server-side', async () => {
    const res = await login(alpha.host, alpha.adminEmail, alpha.password);
    const cookie = res.headers['set-cookie']![0].split(';')[0];
    const out = await product.call('POST', '/api/auth/logout', { host: alpha.host, cookie });
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']![0]).toMatch(/Max-Age=0/);
    expect((await product.call('GET', '/api/auth/me', { host: alpha.host, cookie })).status).toBe(401);
  });

  it('answers 404 for an unknown orchestra or foreign host, 423 for a suspended one', async () => {
    const unknown = await product.call('GET', '/api/health', { host: `nobody.${product.baseDomain}` });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('orchestra_not_found');
    expect((await product.call('GET', '/api/health', { host: 'example.net' })).status).toBe(404);

    const gamma = await product.addOrchestra('gamma', { status: 'suspended' });
    const suspended = await login(gamma.host, gamma.adminEmail, gamma.password);
    expect(suspended.status).toBe(423);
    expect(suspended.json.error.message).toMatch(/suspended/);
  });

  it('refuses bad input with 400 and the field, and writes nothing', async () => {
    const before = await product.count('login_attempts');
    const missing = await product.call('POST', '/api/auth/login', { host: alpha.host, body: { email: 'not-an-email' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('validation_failed');
    expect(missing.json.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'must be an email address' },
        { field: 'password', message: expect.any(String) },
      ]),
    );
    const wrongType = await product.call('POST', '/api/auth/login', { host: alpha.host, body: { email: 42, password: [] } });
    expect(wrongType.status).toBe(400);

    const malformed = await product.call('POST', '/api/auth/login', { host: alpha.host, rawBody: '{"email": ', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('invalid_json');

    const notJson = await product.call('POST', '/api/auth/login', { host: alpha.host, rawBody: 'email=a', contentType: 'text/plain' });
    expect(notJson.status).toBe(415);

    const huge = await product.call('POST', '/api/auth/login', { host: alpha.host, rawBody: JSON.stringify({ email: 'a@b.se', password: 'x'.repeat(2_000_000) }), contentType: 'application/json' });
    expect(huge.status).toBe(413);

    expect(await product.count('login_attempts')).toBe(before);
  });

  it('answers an unknown endpoint with 404 and a wrong method with 405', async () => {
    expect((await product.call('GET', '/api/nope', { host: alpha.host })).status).toBe(404);
    expect((await product.call('DELETE', '/api/health', { host: alpha.host })).status).toBe(405);
  });

  it('throttles repeated failed logins per account with a delay, counted in the database', async () => {
    const delta = await product.addOrchestra('delta');
    for (let i = 0; i < 5; i++) {
      expect((await login(delta.host, delta.adminEmail, 'wrong-password')).status).toBe(401);
    }
    const blocked = await login(delta.host, delta.adminEmail, delta.password);
    expect(blocked.status).toBe(429);
    // One minute after the fifth failure (the clock here follows real time; login-throttle.test.ts stops it).
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    product.clock.advance(61_000);
    try {
      expect((await login(delta.host, delta.adminEmail, delta.password)).status).toBe(200);
    } finally {
      product.clock.advance(-61_000);
    }
  });

  it('resets a password through an emailed single-use link', async () => {
    const epsilon = await product.addOrchestra('epsilon');
    const unknown = await product.call('POST', '/api/auth/password-reset', { host: epsilon.host, body: { email: 'nobody@example.org' } });
    expect(unknown.status).toBe(202);
    const res = await product.call('POST', '/api/auth/password-reset', { host: epsilon.host, body: { email: epsilon.adminEmail } });
    expect(res.status).toBe(202);
    expect(res.json.message).toBe(unknown.json.message); // the same answer: no account enumeration

    const mail = await product.deliverAndReadMail(epsilon.adminEmail);
    const link = /http:\/\/\S+\/reset-password#token=([\w-]+)/.exec(mail.text)!;
    expect(link[0]).toContain(`${product.subdomain('epsilon')}.${product.baseDomain}`);
    const token = link[1];

    const weak = await product.call('POST', '/api/auth/password-reset/confirm', { host: epsilon.host, body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.json.error.fields[0].field).toBe('password');

    const elsewhere = await product.call('POST', '/api/auth/password-reset/confirm', { host: alpha.host, body: { token, password: 'a-new-password-1' } });
    expect(elsewhere.status).toBe(400);

    const ok = await product.call('POST', '/api/auth/password-reset/confirm', { host: epsilon.host, body: { token, password: 'a-new-password-1' } });
    expect(ok.status).toBe(200);
    const again = await product.call('POST', '/api/auth/password-reset/confirm', { host: epsilon.host, body: { token, password: 'a-new-password-2' } });
    expect(again.status).toBe(400);

    expect((await login(epsilon.host, epsilon.adminEmail, epsilon.password)).status).toBe(401);
    expect((await login(epsilon.host, epsilon.adminEmail, 'a-new-password-1')).status).toBe(200);
  });

  it('hides database errors: a 500 names a reference, never SQL', async () => {
    const res = await product.withBrokenControlDatabase(() => login(alpha.host, alpha.adminEmail, alpha.password));
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe('internal');
    expect(JSON.stringify(res.json)).not.toMatch(/SELECT|relation|syntax|at .*\.ts/i);
  });

  it('answers 503 with Retry-After while the database is still waking up', async () => {
    const waking = new SqlError('The database did not resume within 45 s', SqlState.cannotConnectNow);
    const res = await product.withBrokenControlDatabase(() => login(alpha.host, alpha.adminEmail, alpha.password), waking);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.json.error.code).toBe('database_starting');
  });
});
