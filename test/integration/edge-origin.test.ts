import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHandlers } from '../../functions/http-handlers';
import { freeFailuresPerAddress } from '../../shared/app/accounts/login-throttle';
import { createHttpHandler, type HttpHandler } from '../../shared/http/create-http-handler';
import type { Runtime } from '../../shared/runtime/runtime';
import { asForwardedByEdge } from '../../infra/local/local-edge';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * The origin check of the shared chain (shared/http/middleware/edge-origin.ts), as the Lambdas run it: a
 * request that did not come through CloudFront (no or wrong x-origin-verify) is refused before anything
 * else, and only after the check are x-forwarded-host and x-viewer-address used, for tenancy and for the
 * login throttle. Also: the local twin's edge puts its own values there, whatever the viewer sent.
 */
describe('requests only through the edge', () => {
  let product: TestProduct;
  let alpha: Awaited<ReturnType<TestProduct['addOrchestra']>>;
  let secret: string;
  let handler: (runtime?: Runtime) => HttpHandler;

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    alpha = await product.addOrchestra('alpha');
    secret = product.runtime.originVerifyValue;
    handler = (runtime = product.runtime) => createHttpHandler('system', groupHandlers.system, async () => runtime);
  });
  afterAll(() => product?.close());

  const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
  const event = (routeKey: string, headers: Record<string, string>, body?: unknown): APIGatewayProxyEventV2 => {
    const [method, path] = routeKey.split(' ') as [string, string];
    return {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: '',
      // API Gateway's own host and CloudFront's edge address: what a caller around CloudFront can't change.
      headers: { host: 'abc123.execute-api.eu-north-1.amazonaws.com', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: {
        accountId: '111111111111',
        apiId: 'abc123',
        domainName: 'abc123.execute-api.eu-north-1.amazonaws.com',
        domainPrefix: 'abc123',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'test' },
        requestId: 'r',
        routeKey,
        stage: '$default',
        time: '',
        timeEpoch: 0,
      },
    };
  };
  const health = (headers: Record<string, string>, runtime?: Runtime) => handler(runtime)(event('GET /api/health', headers), context);
  const through = (host: string, extra: Record<string, string> = {}) => ({ 'x-origin-verify': secret, 'x-forwarded-host': host, 'x-viewer-address': '203.0.113.5', ...extra });

  it('serves a request that carries the origin secret, on the host CloudFront forwarded', async () => {
    const response = await health(through(alpha.host));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ ok: true, orchestra: alpha.record.subdomain });
  });

  it.each([
    ['without the origin header', { 'x-forwarded-host': 'HOST', 'x-viewer-address': '203.0.113.5' }],
    ['with a wrong origin header', { 'x-origin-verify': 'guessed', 'x-forwarded-host': 'HOST', 'x-viewer-address': '203.0.113.5' }],
    ['with an empty origin header', { 'x-origin-verify': '', 'x-forwarded-host': 'HOST', 'x-viewer-address': '203.0.113.5' }],
  ])('refuses a request %s (called around CloudFront) with 403', async (_, headers) => {
    const response = await health(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'HOST' ? alpha.host : v])));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body!).error.code).toBe('forbidden');
  });

  it('refuses a secret of the right length but wrong content, and a prefix of it', async () => {
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await health(through(alpha.host, { 'x-origin-verify': flipped }))).statusCode).toBe(403);
    expect((await health(through(alpha.host, { 'x-origin-verify': secret.slice(0, 10) }))).statusCode).toBe(403);
  });

  it('refuses a verified request without the forwarded host or the viewer address', async () => {
    const noHost = await health({ 'x-origin-verify': secret, 'x-viewer-address': '203.0.113.5' });
    expect(noHost.statusCode).toBe(403);
    expect(JSON.parse(noHost.body!).error.message).toContain('x-forwarded-host');
    const noViewer = await health({ 'x-origin-verify': secret, 'x-forwarded-host': alpha.host });
    expect(noViewer.statusCode).toBe(403);
    expect(JSON.parse(noViewer.body!).error.message).toContain('x-viewer-address');
  });

  it('never takes the tenancy from Host: without x-forwarded-host an orchestra Host is refused, not served', async () => {
    const response = await health({ 'x-origin-verify': secret, 'x-viewer-address': '203.0.113.5', host: alpha.host });
    expect(response.statusCode).toBe(403);
  });

  it('accepts the previous secret during a rotation, and refuses everything when the runtime has none', async () => {
    const rotating: Runtime = { ...product.runtime, originVerifyValues: async () => ['new-value', secret] };
    expect((await health(through(alpha.host), rotating)).statusCode).toBe(200);
    expect((await health(through(alpha.host, { 'x-origin-verify': 'new-value' }), rotating)).statusCode).toBe(200);
    const withoutSecrets: Runtime = { ...product.runtime, originVerifyValues: undefined };
    expect((await health(through(alpha.host), withoutSecrets)).statusCode).toBe(403);
  });

  it('takes the event out of the origin header once checked, so no handler or log can repeat it', async () => {
    const checked = event('GET /api/health', through(alpha.host));
    await handler()(checked, context);
    expect(checked.headers['x-origin-verify']).toBeUndefined();
  });

  it("throttles logins by the viewer's address, not by CloudFront's edge address that every request shares", async () => {
    const auth = createHttpHandler('auth', groupHandlers.auth, async () => product.runtime);
    const login = (viewer: string, email: string, password: string) =>
      auth(event('POST /api/auth/login', through(alpha.host, { 'x-viewer-address': viewer }), { email, password }), context);
    for (let i = 0; i < freeFailuresPerAddress; i++) {
      expect((await login('198.51.100.66', `nobody-${i}@example.org`, 'wrong-password-x')).statusCode).toBe(401);
    }
    expect((await login('198.51.100.66', alpha.adminEmail, alpha.password)).statusCode).toBe(429);
    // Same edge sourceIp (130.176.0.1) in every event: another viewer is not affected.
    expect((await login('198.51.100.67', alpha.adminEmail, alpha.password)).statusCode).toBe(200);
  });

  it("the local edge replaces what the viewer sent with the viewer's host, address and its own secret", () => {
    const forwarded = asForwardedByEdge(
      { host: 'alpha.localhost:3000', 'x-forwarded-host': 'beta.localhost', 'x-viewer-address': '10.0.0.1', 'x-origin-verify': 'forged' },
      '::ffff:127.0.0.1',
      secret,
    );
    expect(forwarded).toMatchObject({ host: 'alpha.localhost:3000', 'x-forwarded-host': 'alpha.localhost:3000', 'x-viewer-address': '127.0.0.1', 'x-origin-verify': secret });
  });

  it('through the local server, a forged x-forwarded-host or origin header changes nothing', async () => {
    const port = Number(alpha.host.split(':')[1]);
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/api/health', headers: { host: alpha.host, 'x-forwarded-host': product.apexHost, 'x-origin-verify': 'forged' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ orchestra: alpha.record.subdomain });
  });
});
