import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localAccount, localRegion, type InvocationResult } from './support/contracts';
import { createApiGateway } from './support/edge/api-gateway';
import { matchRoute, parseRouteKey, type ApiRoute } from './support/edge/api-route-matching';
import { startCloudFormationResponseEndpoint, type CloudFormationResponseEndpoint } from './support/edge/cloudformation-response-endpoint';
import { createCloudFront, type CloudFront } from './support/edge/cloudfront';
import type { CloudFrontDistribution } from './support/edge/cloudfront-distribution';
import { runCustomResource, stringifyProperties } from './support/edge/custom-resource';
import type { EdgeRequest } from './support/edge/edge-http';
import { cookieJarOf, fetchVia } from './support/edge/fetch-via';
import type { LambdaPermission } from './support/edge/lambda-permissions';
import { runSchedule } from './support/edge/scheduled-event';
import { publishSns } from './support/edge/sns-publish';

/** The run's cloud assembly, synthesized by the tier's global setup with bundling on. */
const assembly = inject('cloudAssembly');
const template = (stack: string) => JSON.parse(readFileSync(join(assembly, `orchestra-system-deployed-${stack}.template.json`), 'utf8'));

const apiId = 'a1b2c3d4e5';
const fnArn = (name: string) => `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}`;

/** Just enough intrinsic resolution for these tests (the templates reader does it properly). */
function resolve(value: any, refs: Record<string, string>): any {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs));
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) return refs[value.Ref] ?? `ref-${value.Ref}`;
  if ('Fn::GetAtt' in value) return refs[value['Fn::GetAtt'].join('.')] ?? `${value['Fn::GetAtt'].join('.')}`;
  if ('Fn::ImportValue' in value) return refs[value['Fn::ImportValue']] ?? `import-${value['Fn::ImportValue']}`;
  if ('Fn::Join' in value) return resolve(value['Fn::Join'][1], refs).join(value['Fn::Join'][0]);
  if ('Fn::Sub' in value) return String(value['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, n: string) => refs[n] ?? n);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, refs)]));
}
const pseudo = { 'AWS::Region': localRegion, 'AWS::AccountId': localAccount, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

/** The API stack's routes: RouteKey, Target `integrations/<Ref>`, that Integration's IntegrationUri. */
function templateRoutes(): ApiRoute[] {
  const resources = template('api').Resources as Record<string, any>;
  const refs: Record<string, string> = { ...pseudo, HttpApiF5A9A8A7: apiId };
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::Lambda::Function') refs[`${id}.Arn`] = fnArn(id);
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::ApiGatewayV2::Integration') refs[id] = `integ-${id}`;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map((r) => {
      const p = resolve(r.Properties, refs);
      const integration = resolve(resources[p.Target.replace('integrations/integ-', '')].Properties, refs);
      return { ...parseRouteKey(p.RouteKey), routeKey: p.RouteKey, functionArn: integration.IntegrationUri, payloadFormatVersion: integration.PayloadFormatVersion, apiId: p.ApiId };
    });
}

function templateApiPermissions(): LambdaPermission[] {
  const resources = template('api').Resources as Record<string, any>;
  const refs: Record<string, string> = { ...pseudo, HttpApiF5A9A8A7: apiId };
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::Lambda::Function') refs[`${id}.Arn`] = fnArn(id);
  return Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => resolve(r.Properties, refs));
}

/** The web stack's distribution, its response headers policies and its CloudFront Functions. */
function templateDistribution(): { distribution: CloudFrontDistribution; functionCode: Record<string, { code: string; runtime: string }>; siteFiles: string } {
  const resources = template('web').Resources as Record<string, any>;
  const refs: Record<string, string> = {
    ...pseudo,
    'orchestra-system-deployed-api:ExportsOutputRefHttpApiF5A9A8A7F70B5BDD': apiId,
    'orchestra-system-deployed-data:ExportsOutputFnGetAttFiles8E6940B8RegionalDomainName7CD68B62': `files-bucket.s3.${localRegion}.amazonaws.com`,
  };
  const functionCode: Record<string, { code: string; runtime: string }> = {};
  const responseHeadersPolicies: Record<string, any> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::CloudFront::Function') {
      const arn = `arn:aws:cloudfront::${localAccount}:function/${id}`;
      refs[`${id}.FunctionARN`] = arn;
      functionCode[arn] = { code: r.Properties.FunctionCode, runtime: r.Properties.FunctionConfig.Runtime };
    }
    if (r.Type === 'AWS::CloudFront::ResponseHeadersPolicy') {
      refs[id] = `policy-${id}`;
      responseHeadersPolicies[`policy-${id}`] = resolve(r.Properties.ResponseHeadersPolicyConfig, refs);
    }
  }
  const [distributionId, resource] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::CloudFront::Distribution')!;
  const deployment = Object.values(resources).find((r) => r.Type === 'Custom::CDKBucketDeployment');
  const siteAsset = `asset.${String(deployment.Properties.SourceObjectKeys[0]).replace(/\.zip$/, '')}`;
  return {
    distribution: { id: `E${distributionId.slice(-8)}`, domainName: 'd1234abcd.cloudfront.net', config: resolve(resource.Properties.DistributionConfig, refs), responseHeadersPolicies },
    functionCode,
    siteFiles: join(assembly, siteAsset),
  };
}

/** An invoke that records every event and answers with what the test wants. */
function recordingInvoke(answer: (event: any) => InvocationResult | Promise<InvocationResult> = () => ({ ok: true, payload: { statusCode: 200, body: 'ok' }, logs: '' })) {
  const calls: { functionArn: string; event: any }[] = [];
  const invoke = async (functionArn: string, event: unknown) => {
    calls.push({ functionArn, event });
    return answer(event);
  };
  return { calls, invoke };
}

const viewerRequest = (method: string, url: string, headers: [string, string][], body = ''): EdgeRequest => ({
  method,
  url,
  headers,
  body: Buffer.from(body),
  sourceIp: '198.51.100.7',
});

describe('API Gateway route selection', () => {
  // The routes of API Gateway's own documentation example.
  const route = (routeKey: string): ApiRoute => ({ ...parseRouteKey(routeKey), routeKey, functionArn: fnArn(routeKey), payloadFormatVersion: '2.0', apiId });
  const routes = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'].map(route);
  const select = (method: string, path: string, from = routes) => matchRoute(from, method, path);

  it('prefers a full match, literal segments before variables, then greedy, then $default', () => {
    expect(select('GET', '/pets/dog/1')?.route.routeKey).toBe('GET /pets/dog/1');
    expect(select('GET', '/pets/dog/2')).toMatchObject({ route: { routeKey: 'GET /pets/dog/{id}' }, pathParameters: { id: '2' } });
    expect(select('GET', '/pets/cat/1')).toMatchObject({ route: { routeKey: 'GET /pets/{proxy+}' }, pathParameters: { proxy: 'cat/1' } });
    expect(select('POST', '/pets/dog/1')).toMatchObject({ route: { routeKey: 'ANY /{proxy+}' }, pathParameters: { proxy: 'pets/dog/1' } });
    expect(select('GET', '/')?.route.routeKey).toBe('$default');
    expect(select('GET', '/Pets/dog/1')?.route.routeKey).toBe('ANY /{proxy+}');
  });

  it('a route method beats ANY on the same path; a variable is one non-empty segment', () => {
    const some = ['ANY /items/{id}', 'DELETE /items/{id}'].map(route);
    expect(select('DELETE', '/items/7', some)?.route.routeKey).toBe('DELETE /items/{id}');
    expect(select('GET', '/items/7', some)?.route.routeKey).toBe('ANY /items/{id}');
    expect(select('GET', '/items/7/x', some)).toBeUndefined();
    expect(select('GET', '/items/', some)).toBeUndefined();
  });

  it('decodes path parameters', () => {
    expect(select('GET', '/pets/dog/a%20b')?.pathParameters).toEqual({ id: 'a b' });
  });

  it("answers 404 {message:'Not Found'} when no route of the API stack matches", async () => {
    const { calls, invoke } = recordingInvoke();
    const api = createApiGateway({ routes: templateRoutes(), invoke });
    const response = await api.handle(viewerRequest('GET', '/api/nothing-here', [['host', api.domainName]]));
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Not Found' });
    const wrongMethod = await api.handle(viewerRequest('DELETE', '/api/health', [['host', api.domainName]]));
    expect(wrongMethod.status).toBe(404);
    expect(calls).toHaveLength(0);
  });

  it('sends a templated route to the function its integration names', async () => {
    const { calls, invoke } = recordingInvoke();
    const api = createApiGateway({ routes: templateRoutes(), invoke, lambdaPermissions: templateApiPermissions() });
    await api.handle(viewerRequest('PUT', '/api/instruments/order', [['host', api.domainName]]));
    await api.handle(viewerRequest('POST', '/api/projects/p1/needs/n2/pause', [['host', api.domainName]]));
    expect(calls.map((c) => [c.event.routeKey, c.functionArn.split(':').pop()])).toEqual([
      ['PUT /api/instruments/order', 'InstrumentsFunction49112839'],
      ['POST /api/projects/{id}/needs/{needId}/pause', 'EngineControlsFunctionCD5A481E'],
    ]);
    expect(calls[1]!.event.pathParameters).toEqual({ id: 'p1', needId: 'n2' });
  });
});

describe('API Gateway payload format 2.0', () => {
  const routes: ApiRoute[] = [
    { method: 'POST', path: '/api/things/{id}', routeKey: 'POST /api/things/{id}', functionArn: fnArn('things'), payloadFormatVersion: '2.0', apiId },
    { method: 'GET', path: '/api/things', routeKey: 'GET /api/things', functionArn: fnArn('things'), payloadFormatVersion: '2.0', apiId },
  ];

  it('builds the event as API Gateway does', async () => {
    const { calls, invoke } = recordingInvoke();
    const api = createApiGateway({ routes, invoke, now: () => new Date('2026-03-12T19:03:58.123Z') });
    await api.handle({
      ...viewerRequest(
        'POST',
        '/api/things/a%2Fb?tag=x&tag=y%20z&empty&q=1+2',
        [
          ['Host', api.domainName],
          ['Content-Type', 'application/json'],
          ['X-Custom', 'one'],
          ['x-custom', 'two'],
          ['Cookie', 'os_session=abc; theme=dark'],
          ['User-Agent', 'test-agent/1'],
          ['X-Forwarded-For', '203.0.113.9'],
        ],
        '{"a":1}',
      ),
      sourceIp: '130.176.0.1',
    });
    const event = calls[0]!.event as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/things/{id}',
      rawPath: '/api/things/a%2Fb',
      rawQueryString: 'tag=x&tag=y%20z&empty&q=1+2',
      cookies: ['os_session=abc', 'theme=dark'],
      queryStringParameters: { tag: 'x,y z', empty: '', q: '1 2' },
      pathParameters: { id: 'a/b' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      host: api.domainName,
      'content-type': 'application/json',
      'x-custom': 'one,two',
      'user-agent': 'test-agent/1',
      'x-forwarded-for': '203.0.113.9, 130.176.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.requestContext).toMatchObject({
      accountId: localAccount,
      apiId,
      domainName: `${apiId}.execute-api.${localRegion}.amazonaws.com`,
      domainPrefix: apiId,
      http: { method: 'POST', path: '/api/things/a%2Fb', protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'test-agent/1' },
      routeKey: 'POST /api/things/{id}',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: Date.parse('2026-03-12T19:03:58.123Z'),
    });
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  });

  it('leaves out what the request has not, and base64-encodes a binary body', async () => {
    const { calls, invoke } = recordingInvoke();
    const api = createApiGateway({ routes, invoke });
    await api.handle(viewerRequest('GET', '/api/things', [['host', api.domainName]]));
    const bare = calls[0]!.event;
    expect(bare).not.toHaveProperty('cookies');
    expect(bare).not.toHaveProperty('queryStringParameters');
    expect(bare).not.toHaveProperty('pathParameters');
    expect(bare).not.toHaveProperty('body');
    expect(bare.isBase64Encoded).toBe(false);

    const bytes = Buffer.from([0, 255, 1, 2]);
    await api.handle({ ...viewerRequest('POST', '/api/things/1', [['content-type', 'application/octet-stream']]), body: bytes });
    expect(calls[1]!.event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('maps a structured response: status, headers, one Set-Cookie per cookie, a base64 body', async () => {
    const png = Buffer.from([137, 80, 78, 71]);
    const { invoke } = recordingInvoke(() => ({
      ok: true,
      logs: '',
      payload: { statusCode: 201, headers: { 'Content-Type': 'image/png', 'x-n': 3 }, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], body: png.toString('base64'), isBase64Encoded: true },
    }));
    const api = createApiGateway({ routes, invoke });
    const response = await api.handle(viewerRequest('GET', '/api/things', []));
    expect(response.status).toBe(201);
    expect(response.body.equals(png)).toBe(true);
    expect(response.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers).toContainEqual(['content-type', 'image/png']);
    expect(response.headers).toContainEqual(['x-n', '3']);
    expect(response.headers.map(([n]) => n)).toContain('apigw-requestid');
  });

  it('turns a result without statusCode into 200 application/json, and an error or a bad result into 500', async () => {
    let answer: InvocationResult = { ok: true, payload: { hello: 'world' }, logs: '' };
    const { invoke } = recordingInvoke(() => answer);
    const api = createApiGateway({ routes, invoke });
    const plain = await api.handle(viewerRequest('GET', '/api/things', []));
    expect([plain.status, plain.body.toString()]).toEqual([200, '{"hello":"world"}']);
    expect(plain.headers).toContainEqual(['content-type', 'application/json']);

    answer = { ok: false, error: { errorType: 'Error', errorMessage: 'boom' }, logs: '' };
    const failed = await api.handle(viewerRequest('GET', '/api/things', []));
    expect([failed.status, JSON.parse(failed.body.toString())]).toEqual([500, { message: 'Internal Server Error' }]);
    expect(api.accessLog.at(-1)?.integrationError).toBe('Error: boom');

    answer = { ok: true, payload: { statusCode: 'two hundred' }, logs: '' };
    expect((await api.handle(viewerRequest('GET', '/api/things', []))).status).toBe(500);
  });

  it('answers 503 when the integration limit passes first', async () => {
    const { invoke } = recordingInvoke(() => new Promise((resolve) => setTimeout(() => resolve({ ok: true, payload: {}, logs: '' }), 300)));
    const api = createApiGateway({ routes, invoke, integrationTimeoutMs: 50 });
    const response = await api.handle(viewerRequest('GET', '/api/things', []));
    expect([response.status, JSON.parse(response.body.toString())]).toEqual([503, { message: 'Service Unavailable' }]);
  });

  it('answers 500 without invoking when the function grants API Gateway no permission', async () => {
    const { calls, invoke } = recordingInvoke();
    const permissions: LambdaPermission[] = [
      { Action: 'lambda:InvokeFunction', FunctionName: fnArn('things'), Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:${localRegion}:${localAccount}:otherapi/*/*/*` },
    ];
    const api = createApiGateway({ routes, invoke, lambdaPermissions: permissions });
    expect((await api.handle(viewerRequest('GET', '/api/things', []))).status).toBe(500);
    expect(calls).toHaveLength(0);
    const allowed = createApiGateway({ routes, invoke, lambdaPermissions: [{ ...permissions[0]!, SourceArn: `arn:aws:execute-api:${localRegion}:${localAccount}:${apiId}/*/*/*` }] });
    expect((await allowed.handle(viewerRequest('GET', '/api/things', []))).status).toBe(200);
  });
});

describe('CloudFront distribution of the web stack', () => {
  let cloudfront: CloudFront;
  const recorded = recordingInvoke((event: APIGatewayProxyEventV2) => ({
    ok: true,
    logs: '',
    payload:
      event.rawPath === '/api/auth/login'
        ? { statusCode: 200, cookies: ['os_session=s1; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure'], body: '{}' }
        : event.rawPath === '/api/auth/logout'
          ? { statusCode: 204, cookies: ['os_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure'] }
          : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cookies: event.cookies ?? [] }) },
  }));
  const site = () => templateDistribution();

  beforeAll(async () => {
    const api = createApiGateway({ routes: templateRoutes(), invoke: recorded.invoke, lambdaPermissions: templateApiPermissions() });
    cloudfront = await createCloudFront({ ...site(), apiGateway: api, resolveDynamicReference: (reference) => resolved.set(reference, originSecret).get(reference)! });
  });
  afterAll(() => cloudfront?.stop());
  const originSecret = 'origin-secret-from-local-secrets-manager';
  const resolved = new Map<string, string>();

  it('resolves the origin header’s dynamic reference when it starts, like CloudFormation, and needs a resolver for it', async () => {
    expect([...resolved.keys()]).toEqual([expect.stringMatching(/^\{\{resolve:secretsmanager:orchestra-system\/[a-z0-9-]+\/origin-verify:SecretString:value::\}\}$/)]);
    const api = createApiGateway({ routes: templateRoutes(), invoke: recorded.invoke, lambdaPermissions: templateApiPermissions() });
    await expect(createCloudFront({ ...site(), apiGateway: api })).rejects.toThrow(/origin header x-origin-verify holds the dynamic reference .*pass resolveDynamicReference/);
  });

  it("adds the origin secret and the viewer's own address, whatever the viewer sent in those headers", async () => {
    await fetchVia(cloudfront, 'demo.orchestra.test', '/api/auth/me', { headers: { 'x-origin-verify': 'forged', 'x-viewer-address': '10.9.9.9' } });
    const event = recorded.calls.at(-1)!.event as APIGatewayProxyEventV2;
    expect(event.headers['x-origin-verify']).toBe(originSecret);
    expect(event.headers['x-viewer-address']).toBe('127.0.0.1');
  });

  it('sends /api/* to the HTTP API with the viewer host in x-forwarded-host and the origin domain as Host', async () => {
    const response = await fetchVia(cloudfront, 'demo.orchestra.test', '/api/auth/me?x=1', { headers: { 'x-forwarded-host': 'evil.orchestra.test', 'user-agent': 'browser/1' } });
    expect(response.status).toBe(200);
    const event = recorded.calls.at(-1)!.event as APIGatewayProxyEventV2;
    expect(event.routeKey).toBe('GET /api/auth/me');
    expect(event.headers['x-forwarded-host']).toBe('demo.orchestra.test');
    expect(event.headers.host).toBe(`${apiId}.execute-api.${localRegion}.amazonaws.com`);
    expect(event.headers['user-agent']).toBe('browser/1');
    expect(event.headers.via).toMatch(/^2\.0 [0-9a-f]+\.cloudfront\.net \(CloudFront\)$/);
    expect(event.headers['x-amz-cf-id']).toBeTruthy();
    // The viewer's address reaches the function only in x-forwarded-for; sourceIp is CloudFront's.
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1, 130.176.0.1');
    expect(event.requestContext.http.sourceIp).toBe('130.176.0.1');
    expect(event.rawQueryString).toBe('x=1');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['x-cache']).toBe('Miss from cloudfront');
  });

  it('serves index.html for a client-side route and an asset with its content type, with the security headers', async () => {
    const spa = await fetchVia(cloudfront, 'demo.orchestra.test', '/projects/123');
    expect(spa.status).toBe(200);
    expect(spa.headers['content-type']).toBe('text/html');
    expect(spa.text).toBe(readFileSync(join(site().siteFiles, 'index.html'), 'utf8'));
    expect(spa.headers['content-security-policy']).toContain(`connect-src 'self' https://files-bucket.s3.${localRegion}.amazonaws.com`);
    expect(spa.headers['x-frame-options']).toBe('DENY');
    expect(spa.headers['x-content-type-options']).toBe('nosniff');
    expect(spa.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(spa.headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=()');

    const root = await fetchVia(cloudfront, 'orchestra.test', '/');
    expect([root.status, root.headers['content-type']]).toEqual([200, 'text/html']);

    const script = readdirSync(join(site().siteFiles, 'assets')).find((f) => f.endsWith('.js'))!;
    const asset = await fetchVia(cloudfront, 'demo.orchestra.test', `/assets/${script}`);
    expect([asset.status, asset.headers['content-type']]).toEqual([200, 'text/javascript']);
    const again = await fetchVia(cloudfront, 'demo.orchestra.test', `/assets/${script}`, { headers: { 'if-none-match': String(asset.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('answers as S3 and CloudFront do for a missing object, a refused method and a foreign host', async () => {
    const missing = await fetchVia(cloudfront, 'demo.orchestra.test', '/assets/nope.js');
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('<Code>AccessDenied</Code>');
    expect(missing.headers['strict-transport-security']).toBeTruthy();
    expect((await fetchVia(cloudfront, 'demo.orchestra.test', '/projects/1', { method: 'POST', body: 'x' })).status).toBe(403);
    expect((await fetchVia(cloudfront, 'example.com', '/')).status).toBe(403);
    expect((await fetchVia(cloudfront, 'a.b.orchestra.test', '/')).status).toBe(403);
  });

  it('keeps each host its own cookies, as a browser would', async () => {
    const login = await fetchVia(cloudfront, 'demo.orchestra.test', '/api/auth/login', { method: 'POST', json: { email: 'a@b.c' } });
    expect(login.setCookies).toEqual(['os_session=s1; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure']);
    expect((await fetchVia(cloudfront, 'demo.orchestra.test', '/api/auth/me')).json()).toEqual({ cookies: ['os_session=s1'] });
    expect((await fetchVia(cloudfront, 'other.orchestra.test', '/api/auth/me')).json()).toEqual({ cookies: [] });
    await fetchVia(cloudfront, 'demo.orchestra.test', '/api/auth/logout', { method: 'POST' });
    expect(cookieJarOf(cloudfront).get('demo.orchestra.test', 'os_session')).toBeUndefined();
  });
});

describe('schedule and SNS from the jobs stack', () => {
  const resources = template('jobs').Resources as Record<string, any>;
  const refs: Record<string, string> = {
    ...pseudo,
    'TickFunctionD38550DD.Arn': fnArn('tick'),
    'MailFeedbackFunctionBF99CAD5.Arn': fnArn('mail-feedback'),
    'TickScheduleC4A56CA6.Arn': `arn:aws:events:${localRegion}:${localAccount}:rule/tick-schedule`,
    MailFeedbackTopic7A5EA358: `arn:aws:sns:${localRegion}:${localAccount}:orchestra-system-deployed-ses-feedback`,
  };
  const resourceOf = (logicalId: string) => ({ logicalId, stack: 'orchestra-system-deployed-jobs', properties: resolve(resources[logicalId].Properties, refs), attributes: { Arn: refs[`${logicalId}.Arn`] ?? '' } });
  const permissions = (): LambdaPermission[] => Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => resolve(r.Properties, refs));

  it('fires the tick rule with the Scheduled Event EventBridge sends', async () => {
    const { calls, invoke } = recordingInvoke(() => ({ ok: true, payload: null, logs: '' }));
    const runs = await runSchedule(resourceOf('TickScheduleC4A56CA6'), invoke, { at: new Date('2026-05-01T10:15:42.500Z'), lambdaPermissions: permissions() });
    expect(runs).toHaveLength(1);
    expect(calls[0]!.functionArn).toBe(fnArn('tick'));
    expect(calls[0]!.event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: localAccount,
      time: '2026-05-01T10:15:00Z',
      region: localRegion,
      resources: [refs['TickScheduleC4A56CA6.Arn']],
      detail: {},
    });
    const otherRule = { ...resourceOf('TickScheduleC4A56CA6'), attributes: { Arn: `arn:aws:events:${localRegion}:${localAccount}:rule/other` } };
    await expect(runSchedule(otherRule, invoke, { lambdaPermissions: permissions() })).rejects.toThrow(/no AWS::Lambda::Permission/);
  });

  it('delivers a publish to the topic’s Lambda subscription as the SNS event', async () => {
    const { calls, invoke } = recordingInvoke(() => ({ ok: true, payload: null, logs: '' }));
    const topicArn = refs.MailFeedbackTopic7A5EA358!;
    const subscriptions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SNS::Subscription').map(([id]) => resourceOf(id));
    const deliveries = await publishSns(topicArn, { message: '{"notificationType":"Bounce"}', attributes: { kind: 'bounce' } }, subscriptions, invoke, { lambdaPermissions: permissions() });
    expect(deliveries).toHaveLength(1);
    expect(calls[0]!.functionArn).toBe(fnArn('mail-feedback'));
    const record = calls[0]!.event.Records[0];
    expect(record).toMatchObject({ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: expect.stringMatching(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`)) });
    expect(record.Sns).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      Subject: null,
      Message: '{"notificationType":"Bounce"}',
      SignatureVersion: '1',
      MessageAttributes: { kind: { Type: 'String', Value: 'bounce' } },
    });
    expect(record.Sns.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await publishSns(`${topicArn}-other`, 'x', subscriptions, invoke)).toEqual([]);
  });
});

describe('CloudFormation custom resource requests', () => {
  let responses: CloudFormationResponseEndpoint;
  beforeAll(async () => {
    responses = await startCloudFormationResponseEndpoint();
  });
  afterAll(() => responses?.stop());

  const resource = {
    logicalId: 'ControlDatabaseSetup9BD42EBD',
    stack: 'orchestra-system-deployed-data',
    type: 'Custom::OrchestraControlDatabase',
    properties: { ServiceToken: fnArn('provider-onEvent'), MigrationsHash: 'abc', Retries: 3, Enabled: true, Nested: { List: [1, 'two'] } },
  };

  /** Runs a script in a fresh Node process with the environment the Lambda host must give the function. */
  function inFunctionProcess(script: string, event: unknown, extraEnv: Record<string, string> = {}): Promise<InvocationResult> {
    return new Promise((resolvePromise) => {
      const child = spawn(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH ?? '', ...responses.functionEnvironment, ...extraEnv, EVENT: JSON.stringify(event) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let logs = '';
      child.stdout.on('data', (c) => (logs += c));
      child.stderr.on('data', (c) => (logs += c));
      child.on('exit', (code) =>
        resolvePromise(code === 0 ? { ok: true, payload: null, logs } : { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `exit ${code}` }, logs }),
      );
    });
  }

  it('sends the request CloudFormation sends and receives the reply a handler PUTs with node:https', async () => {
    // What cfn-response does: https.request({hostname, path, method: PUT}) — no port, so always 443.
    const putLikeTheFramework = `
      const event = JSON.parse(process.env.EVENT); const u = new URL(event.ResponseURL);
      const body = JSON.stringify({ Status: 'SUCCESS', Reason: 'ok', PhysicalResourceId: 'control-db', StackId: event.StackId,
        RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: { Applied: '3' } });
      require('https').request({ hostname: u.hostname, path: u.pathname + u.search, method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (r) => process.exit(r.statusCode === 200 ? 0 : 1))
        .on('error', (e) => { console.error(e); process.exit(2); }).end(body);`;
    const calls: { functionArn: string; event: any }[] = [];
    const outcome = await runCustomResource({
      resource,
      requestType: 'Create',
      responses,
      invoke: (functionArn, event) => (calls.push({ functionArn, event }), inFunctionProcess(putLikeTheFramework, event)),
    });
    expect(outcome.invocation.ok ? '' : outcome.invocation.logs).toBe('');
    expect(outcome).toMatchObject({ Status: 'SUCCESS', Reason: 'ok', PhysicalResourceId: 'control-db', Data: { Applied: '3' }, replaced: false });
    const event = calls[0]!.event;
    expect(calls[0]!.functionArn).toBe(fnArn('provider-onEvent'));
    expect(event).toMatchObject({
      RequestType: 'Create',
      ServiceToken: fnArn('provider-onEvent'),
      StackId: expect.stringMatching(new RegExp(`^arn:aws:cloudformation:${localRegion}:${localAccount}:stack/orchestra-system-deployed-data/[0-9a-f-]{36}$`)),
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      LogicalResourceId: 'ControlDatabaseSetup9BD42EBD',
      ResourceType: 'Custom::OrchestraControlDatabase',
      ResourceProperties: { ServiceToken: fnArn('provider-onEvent'), MigrationsHash: 'abc', Retries: '3', Enabled: 'true', Nested: { List: ['1', 'two'] } },
    });
    expect(event).not.toHaveProperty('PhysicalResourceId');
    expect(event).not.toHaveProperty('OldResourceProperties');
    expect(event.ResponseURL).toMatch(new RegExp(`^https://${responses.hostName.replace(/\./g, '\\.')}/arn%3Aaws%3Acloudformation.+\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`));
  });

  it('sends Update with the old properties and the physical id, and sees a replacement', async () => {
    const answer = `
      const event = JSON.parse(process.env.EVENT); const u = new URL(event.ResponseURL);
      const body = JSON.stringify({ Status: 'SUCCESS', PhysicalResourceId: 'new-id', StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId });
      require('https').request({ hostname: u.hostname, path: u.pathname + u.search, method: 'PUT' }, () => process.exit(0)).end(body);`;
    let sent: any;
    const outcome = await runCustomResource({
      resource,
      requestType: 'Update',
      oldProperties: { ServiceToken: fnArn('provider-onEvent'), MigrationsHash: 'old', Retries: 2 },
      physicalResourceId: 'control-db',
      responses,
      invoke: (_arn, event) => ((sent = event), inFunctionProcess(answer, event)),
    });
    expect(sent).toMatchObject({ RequestType: 'Update', PhysicalResourceId: 'control-db', OldResourceProperties: { MigrationsHash: 'old', Retries: '2' } });
    expect(outcome).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'new-id', replaced: true });
  });

  it('fails when no reply arrives, and the proxy refuses every other host', async () => {
    const reachOut = `require('https').get('https://example.com/', () => process.exit(0)).on('error', () => process.exit(3));`;
    const outcome = await runCustomResource({ resource, requestType: 'Create', responses, invoke: (_arn, event) => inFunctionProcess(reachOut, event) });
    expect(outcome.Status).toBe('FAILED');
    expect(outcome.Reason).toMatch(/No response at the ResponseURL \(the function failed/);
    expect(responses.refusedTunnels).toContain('example.com:443');
  });

  it("runs the CDK provider framework's own onEvent against it (user function behind a stub Lambda Invoke API)", async () => {
    const frameworkDir = readdirSync(assembly).map((d) => join(assembly, d)).find((d) => existsSync(join(d, 'framework.js')) && existsSync(join(d, 'cfn-response.js')));
    expect(frameworkDir).toBeTruthy();
    // A stand-in for the Lambda Invoke endpoint (another helper builds the real one): the user function's answer.
    const invoked: any[] = [];
    const lambda = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        invoked.push({ url: req.url, payload: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
        res.end(JSON.stringify({ PhysicalResourceId: 'control', Data: { SuperadminInvited: 'true' } }));
      });
    });
    await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
    try {
      const node_modules = join(import.meta.dirname, '..', '..', 'node_modules');
      const script = `require(${JSON.stringify(join(frameworkDir!, 'framework.js'))}).onEvent(JSON.parse(process.env.EVENT)).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
      const outcome = await runCustomResource({
        resource,
        requestType: 'Create',
        responses,
        invoke: (_arn, event) =>
          inFunctionProcess(script, event, {
            NODE_PATH: node_modules,
            USER_ON_EVENT_FUNCTION_ARN: fnArn('control-db-setup'),
            AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
            AWS_REGION: localRegion,
            AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'secret',
          }),
      });
      expect(outcome.invocation.logs).not.toMatch(/Error/);
      expect(outcome).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'control', Data: { SuperadminInvited: 'true' } });
      expect(invoked[0].url).toContain(encodeURIComponent(fnArn('control-db-setup')));
      expect(invoked[0].payload).toMatchObject({ RequestType: 'Create', ResourceProperties: { MigrationsHash: 'abc' } });
    } finally {
      await new Promise((r) => lambda.close(r));
    }
  });
});

it('stringifies custom resource properties as CloudFormation does', () => {
  expect(stringifyProperties({ a: 1, b: [true, { c: 2.5 }], d: 'x' })).toEqual({ a: '1', b: ['true', { c: '2.5' }], d: 'x' });
});
