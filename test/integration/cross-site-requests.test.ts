import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHandlers } from '../../functions/http-handlers';
import { publicBaseUrl } from '../../shared/config/app-config';
import { createHttpHandler } from '../../shared/http/create-http-handler';
import type { Database } from '../../shared/ports/database';
import type { Runtime } from '../../shared/runtime/runtime';
import { createScenario, linkTokens, requestsOf, sendScenario, type Scenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct, type TestResponse } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Cross-site request forgery (issue #14, point 4): a page on another site (or another orchestra's page) makes
 * the admin's browser POST to the product. Browsers always say where such a request comes from (Origin, or
 * Sec-Fetch-Site), so a mutating request whose Origin is not the host's own, or whose Sec-Fetch-Site is not
 * same-origin/none, is refused with 403 before anything runs; requests without either (curl, scripts) stay allowed.
 * Through the local twin over HTTP, and through the Lambda chain as CloudFront forwards it.
 */
describe('mutating requests from another site', () => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let sibling: Orchestra;
  let victim: Orchestra;
  let cookie: string;
  let superCookie: string;
  let db: Database;
  let n = 0;

  const ownOrigin = () => `http://${orchestra.host}`;
  /** What a browser sends with a fetch or form post from each kind of page. */
  const forged = (): [string, Record<string, string>][] => [
    ['Origin of another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['Origin of another site, no fetch metadata (older browser)', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ["a sibling orchestra's page (same site, other origin)", { origin: `http://${sibling.host}`, 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site same-site without Origin', { 'sec-fetch-site': 'same-site' }],
    ['an opaque origin (sandboxed frame, redirect)', { origin: 'null' }],
    ['the own host on another scheme', { origin: `https://${orchestra.host}` }],
  ];
  const sameOrigin = () => ({ origin: ownOrigin(), 'sec-fetch-site': 'same-origin' });

  const admin = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    product.call(method, path, { host: orchestra.host, cookie, headers, body });

  const expectRefused = (res: TestResponse, label: string) => {
    expect(res.status, `${label}: ${res.text}`).toBe(403);
    expect(res.json.error.code).toBe('cross_site_request');
    expect(res.json.error.message).toMatch(/another site|this site's own pages/);
  };

  async function scenario(sent: boolean): Promise<{ s: Scenario; tokens: Map<string, string> }> {
    n += 1;
    const s = await createScenario(db, { label: `x${n}`, strategy: 'sequential', quantity: 1, musicians: 2 });
    if (sent) await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    return { s, tokens: sent ? await linkTokens(db, s) : new Map() };
  }

  const needStatus = async (s: Scenario) =>
    (await db.query<{ status: string }>(`SELECT status FROM needs WHERE id = :id::uuid`, { id: s.needId })).rows[0].status;
  const musician = async (id: string) =>
    (await db.query<{ first_name: string | null; archived: boolean; erased: boolean }>(
      `SELECT first_name, archived_at IS NOT NULL AS archived, erased_at IS NOT NULL AS erased FROM musicians WHERE id = :id::uuid`,
      { id },
    )).rows[0];

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('home', { seed: true });
    sibling = await product.addOrchestra('sibling');
    victim = await product.addOrchestra('victim');
    cookie = await product.loginAs(orchestra);
    await product.addSuperadmin('root@example.org', 'super-secret-password');
    const login = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'root@example.org', password: 'super-secret-password' } });
    superCookie = (login.headers['set-cookie'] as string[])[0].split(';')[0];
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('pause (a need and a project): refused from another site, done from the own page and without browser headers', async () => {
    const { s } = await scenario(true);
    for (const [label, headers] of forged()) {
      expectRefused(await admin('POST', `/api/projects/${s.projectId}/needs/${s.needId}/pause`, headers), label);
      expectRefused(await admin('POST', `/api/projects/${s.projectId}/pause`, headers), label);
    }
    expect(await needStatus(s)).toBe('active');
    expect((await admin('POST', `/api/projects/${s.projectId}/needs/${s.needId}/pause`, sameOrigin())).status).toBe(200);
    expect(await needStatus(s)).toBe('paused');
    expect((await admin('POST', `/api/projects/${s.projectId}/needs/${s.needId}/resume`, {})).status).toBe(200);
    expect(await needStatus(s)).toBe('active');
  });

  it('send: refused from another site (nobody asked), sent from the own page', async () => {
    const { s } = await scenario(false);
    for (const [label, headers] of forged()) expectRefused(await admin('POST', `/api/projects/${s.projectId}/send`, headers, {}), label);
    expect(await requestsOf(db, s)).toHaveLength(0);
    const res = await admin('POST', `/api/projects/${s.projectId}/send`, sameOrigin(), {});
    expect(res.status, res.text).toBe(200);
    expect(await requestsOf(db, s)).toHaveLength(1);
  });

  it('archive and erase a musician: refused from another site (nothing changed), done from the own page', async () => {
    const { s } = await scenario(false);
    const [archived, erased] = s.musicianIds;
    for (const [label, headers] of forged()) {
      expectRefused(await admin('POST', `/api/musicians/${archived}/archive`, headers), label);
      expectRefused(await admin('POST', `/api/musicians/${erased}/erase`, headers), label);
    }
    expect(await musician(archived)).toMatchObject({ archived: false, erased: false });
    expect(await musician(erased)).toMatchObject({ archived: false, erased: false });
    expect((await admin('POST', `/api/musicians/${archived}/archive`, sameOrigin())).status).toBe(200);
    expect((await admin('POST', `/api/musicians/${erased}/erase`, sameOrigin())).status).toBe(200);
    expect(await musician(archived)).toMatchObject({ archived: true, erased: false });
    expect(await musician(erased)).toMatchObject({ erased: true, first_name: '' });
  });

  it("suspend an orchestra: refused from another site (still active), done from the superadmin's own page", async () => {
    const status = async () =>
      (await product.runtime.control.query<{ status: string }>(`SELECT status FROM orchestras WHERE id = :id::uuid`, { id: victim.record.id })).rows[0].status;
    const suspend = (headers: Record<string, string>) =>
      product.call('POST', `/api/superadmin/orchestras/${victim.record.id}/suspend`, { host: product.apexHost, cookie: superCookie, headers });
    for (const [label, headers] of [...forged(), ['an orchestra page', { origin: ownOrigin(), 'sec-fetch-site': 'same-site' }] as const]) {
      expectRefused(await suspend(headers), label);
    }
    expect(await status()).toBe('active');
    expect((await suspend({ origin: `http://${product.apexHost}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect(await status()).toBe('suspended');
  });

  it('login: refused from another site (no session set), logged in from the own page', async () => {
    const login = (headers: Record<string, string>) =>
      product.call('POST', '/api/auth/login', { host: orchestra.host, headers, body: { email: orchestra.adminEmail, password: orchestra.password } });
    for (const [label, headers] of forged()) {
      const res = await login(headers);
      expectRefused(res, label);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const res = await login(sameOrigin());
    expect(res.status, res.text).toBe(200);
    expect(res.headers['set-cookie']).toBeDefined();
  });

  it("the musician's answer: refused from another site (still pending), taken from the orchestra's own respond page", async () => {
    const { s, tokens } = await scenario(true);
    const token = tokens.get(s.musicianIds[0])!;
    const answer = (headers: Record<string, string>) => product.call('POST', `/api/respond/${token}`, { host: orchestra.host, headers, body: { answer: 'yes' } });
    for (const [label, headers] of forged()) expectRefused(await answer(headers), label);
    expect((await requestsOf(db, s)).map((r) => r.status)).toEqual(['pending']);
    const res = await answer(sameOrigin());
    expect(res.status, res.text).toBe(200);
    expect(res.json.state).toBe('accepted');
  });

  it('a direct navigation (Sec-Fetch-Site: none) and reads from anywhere are not refused', async () => {
    const { s } = await scenario(true);
    expect((await admin('POST', `/api/projects/${s.projectId}/pause`, { 'sec-fetch-site': 'none' })).status).toBe(200);
    expect((await admin('GET', `/api/projects/${s.projectId}`, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('in AWS: judged against the viewer host CloudFront forwarded over https, not the Host API Gateway sees', async () => {
    const runtime: Runtime = { ...product.runtime, config: { ...product.runtime.config, PUBLIC_SCHEME: 'https' } };
    const handler = createHttpHandler('auth', groupHandlers.auth, async () => runtime);
    const viewerHost = orchestra.host;
    const apiHost = 'abc123.execute-api.eu-north-1.amazonaws.com';
    const login = (origin: string) => {
      const event = {
        version: '2.0',
        routeKey: 'POST /api/auth/login',
        rawPath: '/api/auth/login',
        rawQueryString: '',
        headers: {
          host: apiHost,
          origin,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
          'x-origin-verify': product.runtime.originVerifyValue,
          'x-forwarded-host': viewerHost,
          'x-viewer-address': '203.0.113.9',
        },
        body: JSON.stringify({ email: orchestra.adminEmail, password: orchestra.password }),
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST', path: '/api/auth/login', sourceIp: '130.176.0.1' }, requestId: 'r', routeKey: 'POST /api/auth/login' },
      } as unknown as APIGatewayProxyEventV2;
      return handler(event, { awsRequestId: 'req-x', functionName: 'auth', getRemainingTimeInMillis: () => 10_000 } as unknown as Context);
    };
    expect((await login(`https://${apiHost}`)).statusCode).toBe(403);
    expect((await login(`http://${viewerHost}`)).statusCode).toBe(403);
    expect((await login(`https://${viewerHost}`)).statusCode).toBe(200);
  });
});
