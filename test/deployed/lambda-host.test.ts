import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AccessDeniedError,
  localAccount,
  localRegion,
  type Authorizer,
  type AwsCall,
  type Credentials,
  type CredentialIssuer,
  type Decision,
  type FunctionSpec,
  type Principal,
} from './support/contracts';
import { startSecretsManagerEndpoint, type SecretsManagerEndpoint } from './support/aws/secrets-manager-endpoint';
import { createLambdaHost, type LocalLambdaHost } from './support/lambda/lambda-host';
import { createLambdaInvokeEndpoint } from './support/lambda/lambda-invoke-endpoint';

const cloudAssembly = inject('cloudAssembly');
const fixtures = mkdtempSync(path.join(tmpdir(), 'lambda-host-fixtures-'));
const functionArn = (name: string) => `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}`;

/** A function from the cloud assembly: code and settings from its template; the environment given by the test. */
function assemblySpec(stack: string, logicalIdPrefix: string, environment: Record<string, string>): FunctionSpec {
  const template = JSON.parse(readFileSync(path.join(cloudAssembly, `${stack}.template.json`), 'utf8'));
  const [logicalId, resource] = Object.entries<any>(template.Resources).find(
    ([id, candidate]) => id.startsWith(logicalIdPrefix) && candidate.Type === 'AWS::Lambda::Function',
  )!;
  const functionName = `${stack}-${logicalId}`;
  return {
    stack,
    logicalId,
    functionName,
    arn: functionArn(functionName),
    assetDir: path.join(cloudAssembly, resource.Metadata['aws:asset:path']),
    handler: resource.Properties.Handler,
    runtime: resource.Properties.Runtime,
    environment,
    timeoutSeconds: resource.Properties.Timeout ?? 3,
    memoryMb: resource.Properties.MemorySize ?? 128,
    roleArn: `arn:aws:iam::${localAccount}:role/${functionName}-role`,
  };
}

/** A tiny asset written for one behaviour: files by name, in a folder of its own. */
function fixtureSpec(name: string, files: Record<string, string>, settings: Partial<FunctionSpec> = {}): FunctionSpec {
  const assetDir = path.join(fixtures, name);
  mkdirSync(assetDir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(assetDir, file), text);
  return {
    stack: 'fixtures',
    logicalId: name,
    functionName: name,
    arn: functionArn(name),
    assetDir,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    environment: { NODE_OPTIONS: '--enable-source-maps' },
    timeoutSeconds: 3,
    memoryMb: 256,
    roleArn: `arn:aws:iam::${localAccount}:role/${name}-role`,
    ...settings,
  };
}

/** An authorizer that allows exactly these calls and records every decision. */
function allowOnlyCalls(allowedCalls: { action: string; resource: string }[]): Authorizer {
  const decisions: Decision[] = [];
  return {
    decisions,
    denials: () => decisions.filter((decision) => !decision.allowed),
    async authorize(call: AwsCall) {
      const allowed = allowedCalls.some((a) => a.action === call.action && a.resource === call.resource);
      const decision = { call, allowed, explanation: allowed ? 'allowed by fake' : 'no statement allows it' };
      decisions.push(decision);
      if (!allowed) throw new AccessDeniedError(decision);
    },
  };
}

const keysOf = (spec: FunctionSpec): Credentials => ({ accessKeyId: `AKIA${spec.logicalId.toUpperCase()}`, secretAccessKey: 'secret', sessionToken: 'token' });

const apiEnvironment = {
  STAGE: 'deployed',
  BASE_DOMAIN: 'orchestra.test',
  LOG_LEVEL: 'INFO',
  RUNTIME: 'aws',
  NODE_OPTIONS: '--enable-source-maps',
  DB_CLUSTER_ARN: `arn:aws:rds:${localRegion}:${localAccount}:cluster:orchestra-database`,
  CONTROL_DB_SECRET_ARN: `arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:control-app-login`,
  CONTROL_DB_NAME: 'control',
  TENANT_ROLE_ARN: `arn:aws:iam::${localAccount}:role/tenant`,
  ORCHESTRA_SECRET_PREFIX: 'orchestra-system/deployed/orchestras/',
  SESSION_KEY_SECRET_ARN: `arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:session-key`,
  ORIGIN_VERIFY_SECRET_ARN: `arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:origin-verify`,
};
/** What CloudFront's origin custom header carries (the origin-verify secret's value). */
const originVerifyValue = 'cloudfront-origin-value';

function healthEvent() {
  return {
    version: '2.0',
    routeKey: 'GET /api/health',
    rawPath: '/api/health',
    rawQueryString: '',
    // As CloudFront forwards it: its origin header, the viewer's host and address.
    headers: {
      host: 'orchestra.test',
      'x-origin-verify': originVerifyValue,
      'x-forwarded-host': 'orchestra.test',
      'x-viewer-address': '203.0.113.7',
      'x-forwarded-for': '203.0.113.7',
      'user-agent': 'vitest',
    },
    requestContext: {
      accountId: localAccount,
      apiId: 'local',
      domainName: 'orchestra.test',
      domainPrefix: 'orchestra',
      http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'health-1',
      routeKey: 'GET /api/health',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
    isBase64Encoded: false,
  };
}

const fixtureFunctions = {
  echo: fixtureSpec('echo', {
    'index.mjs': `export const handler = async (event, context) => {
  console.log('echo', JSON.stringify(event));
  return { event, env: process.env, cwd: process.cwd(), remaining: context.getRemainingTimeInMillis(),
    context: { awsRequestId: context.awsRequestId, functionName: context.functionName, functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB, logGroupName: context.logGroupName } };
};`,
  }),
  slow: fixtureSpec('slow', { 'index.mjs': `export const handler = async (event) => { await new Promise((r) => setTimeout(r, event.waitMs)); return 'done'; };` }, { timeoutSeconds: 1 }),
  initError: fixtureSpec('init-error', { 'index.mjs': `throw new TypeError('configuration is missing');` }),
  missingModule: fixtureSpec('missing-module', { 'other.mjs': 'export const handler = async () => 1;' }),
  callback: fixtureSpec('callback', { 'index.mjs': 'export const handler = (event, context, callback) => callback(null, 1);' }),
  legacyCallback: fixtureSpec('legacy-callback', { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => console.log("late"), 50); callback(null, { answer: 42 }); };' }, { runtime: 'nodejs22.x' }),
  failing: fixtureSpec('failing', { 'index.mjs': `export const handler = async () => { const error = new Error('no such orchestra'); error.name = 'NotFoundError'; throw error; };` }),
  crashing: fixtureSpec('crashing', { 'index.mjs': 'export const handler = async () => { process.exit(3); };' }),
  commonJs: fixtureSpec(
    'common-js',
    {
      'framework.js': `const { LambdaClient } = require('@aws-sdk/client-lambda');
const reach = (name) => { try { require.resolve(name); return true; } catch { return false; } };
module.exports = { ['onEvent']: async () => ({ sdk: typeof LambdaClient, nodePath: process.env.NODE_PATH, smithy: reach('@smithy/smithy-client'), vitest: reach('vitest'), pg: reach('pg') }) };`,
    },
    { handler: 'framework.onEvent' },
  ),
};

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

describe('the Lambda host', () => {
  let host: LocalLambdaHost;
  let secretsManager: SecretsManagerEndpoint;
  const systemFunction = assemblySpec('orchestra-system-deployed-api', 'SystemFunction', apiEnvironment);

  beforeAll(async () => {
    // Secrets Manager answers only the origin secret (the API checks CloudFront's header first).
    const system: Principal = { roleArn: systemFunction.roleArn, arn: systemFunction.roleArn, sessionTags: {}, label: 'system' };
    const systemKeys = keysOf(systemFunction);
    secretsManager = await startSecretsManagerEndpoint({
      issuer: { issue: () => systemKeys, lookup: (id) => (id === systemKeys.accessKeyId ? { principal: system, credentials: systemKeys } : undefined) },
      authorizer: allowOnlyCalls([{ action: 'secretsmanager:GetSecretValue', resource: apiEnvironment.ORIGIN_VERIFY_SECRET_ARN }]),
    });
    secretsManager.seed([{ name: 'origin-verify', arn: apiEnvironment.ORIGIN_VERIFY_SECRET_ARN, value: { value: originVerifyValue } }]);
    host = createLambdaHost({
      functions: [systemFunction, ...Object.values(fixtureFunctions)],
      credentialsFor: keysOf,
      // Nothing listens at the Data API or STS: the function fails to reach its database, which is all this test needs.
      endpoints: { RDS_DATA: 'http://127.0.0.1:9', SECRETS_MANAGER: secretsManager.url, STS: 'http://127.0.0.1:9' },
      region: localRegion,
      concurrencyPerFunction: 2,
    });
  });
  afterAll(async () => {
    await host.stop();
    await secretsManager?.stop();
  });

  it('runs a deployed asset cold, then warm, with the API Gateway event', async () => {
    const first = await host.invoke(systemFunction.arn, healthEvent());
    const second = await host.invoke(systemFunction.functionName, healthEvent());
    const records = host.invocations.filter((record) => record.function === systemFunction.functionName);
    expect(records.map((record) => record.cold)).toEqual([true, false]);
    expect(records[0].initDurationMs).toBeGreaterThan(0);
    expect(records[0].importDurationMs).toBeGreaterThan(0);
    expect(records[1].initDurationMs).toBeUndefined();
    for (const result of [first, second]) {
      expect(result.logs).toMatch(/START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
      expect(result.logs).toMatch(/REPORT RequestId: .*Duration: /);
      // The health route answers as API Gateway expects; nothing listens at the Data API endpoint, so: unhealthy.
      expect(result).toMatchObject({ ok: true, payload: { statusCode: 503 } });
      expect(JSON.parse((result as { payload: { body: string } }).payload.body)).toMatchObject({ ok: false, databases: [{ name: 'control', ok: false }] });
    }
  });

  it('gives the handler exactly the template environment plus what Lambda sets, and the Lambda context', async () => {
    process.env.AWS_PROFILE = 'developer-profile';
    process.env.PARENT_ONLY_VARIABLE = 'leaked';
    try {
      const result = await host.invoke(`${fixtureFunctions.echo.arn}:$LATEST`, { hello: 'world' });
      expect(result.ok).toBe(true);
      const payload = (result as { payload: any }).payload;
      expect(payload.event).toEqual({ hello: 'world' });
      expect(Object.keys(payload.env).sort()).toEqual(
        [
          'NODE_OPTIONS',
          '_HANDLER',
          'AWS_REGION',
          'AWS_DEFAULT_REGION',
          'AWS_LAMBDA_FUNCTION_NAME',
          'AWS_LAMBDA_FUNCTION_VERSION',
          'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
          'AWS_LAMBDA_LOG_GROUP_NAME',
          'AWS_LAMBDA_LOG_STREAM_NAME',
          'AWS_LAMBDA_INITIALIZATION_TYPE',
          'AWS_EXECUTION_ENV',
          'LAMBDA_TASK_ROOT',
          'LAMBDA_RUNTIME_DIR',
          'TZ',
          'LANG',
          'PATH',
          'NODE_PATH',
          'HOME',
          'AWS_ACCESS_KEY_ID',
          'AWS_SECRET_ACCESS_KEY',
          'AWS_SESSION_TOKEN',
          'AWS_ENDPOINT_URL_RDS_DATA',
          'AWS_ENDPOINT_URL_SECRETS_MANAGER',
          'AWS_ENDPOINT_URL_STS',
        ].sort(),
      );
      expect(payload.env).toMatchObject({
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_ACCESS_KEY_ID: 'AKIAECHO',
        AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
        LAMBDA_TASK_ROOT: fixtureFunctions.echo.assetDir,
        TZ: ':UTC',
      });
      expect(readdirSync(payload.env.HOME)).toEqual([]);
      expect(readdirSync(payload.env.NODE_PATH)).toEqual(['@aws-sdk']);
      expect(payload.cwd).toBe(fixtureFunctions.echo.assetDir);
      expect(payload.remaining).toBeGreaterThan(2000);
      expect(payload.remaining).toBeLessThanOrEqual(3000);
      expect(payload.context).toMatchObject({
        functionName: 'echo',
        functionVersion: '$LATEST',
        invokedFunctionArn: `${fixtureFunctions.echo.arn}:$LATEST`,
        memoryLimitInMB: '256',
        logGroupName: '/aws/lambda/echo',
      });
      expect(result.logs).toContain(`${payload.context.awsRequestId}\tINFO\techo {"hello":"world"}`);
    } finally {
      delete process.env.AWS_PROFILE;
      delete process.env.PARENT_ONLY_VARIABLE;
    }
  });

  it('kills a function past its Timeout and starts the next invoke cold', async () => {
    const started = performance.now();
    const timedOut = await host.invoke('slow', { waitMs: 5_000 });
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(timedOut).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: expect.stringContaining('Task timed out after 1.00 seconds') } });
    expect(timedOut.logs).toContain('Task timed out after 1.00 seconds');
    const next = await host.invoke('slow', { waitMs: 10 });
    expect(next).toMatchObject({ ok: true, payload: 'done' });
    expect(host.invocations.filter((record) => record.function === 'slow').map((record) => record.cold)).toEqual([true, true]);
  });

  it('starts another process for a concurrent invoke, and queues past the cap', async () => {
    const before = host.invocations.length;
    const results = await Promise.all([1, 2, 3].map(() => host.invoke('slow', { waitMs: 300 })));
    expect(results.every((result) => result.ok)).toBe(true);
    // One warm process was left by the previous test; the cap of 2 lets one more start; the third waits for one.
    expect(host.invocations.slice(before).map((record) => record.cold).sort()).toEqual([false, false, true]);
  });

  it('reports an error thrown at import as the init error, and discards the process', async () => {
    const first = await host.invoke('init-error', {});
    expect(first).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'configuration is missing' } });
    expect((first as { error: { trace: string[] } }).error.trace[0]).toContain('TypeError: configuration is missing');
    await host.invoke('init-error', {});
    expect(host.invocations.filter((record) => record.function === 'init-error').map((record) => record.cold)).toEqual([true, true]);
    const missing = await host.invoke('missing-module', {});
    expect(missing).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringContaining("Cannot find module 'index'") } });
  });

  it('refuses a callback handler on Node 24, as the runtime does, and runs one on an older runtime', async () => {
    const refused = await host.invoke('callback', {});
    expect(refused).toMatchObject({ ok: false, error: { errorType: 'Runtime.CallbackHandlerDeprecated' } });
    // The legacy runtime needs its own Node major; this host runs only the project's Node 24.
    await expect(host.invoke('legacy-callback', {})).rejects.toThrow(/needs Node 22/);
  });

  it('returns a handler error as Lambda does, and a crash as Runtime.ExitError', async () => {
    const failed = await host.invoke('failing', {});
    expect(failed).toMatchObject({ ok: false, error: { errorType: 'NotFoundError', errorMessage: 'no such orchestra' } });
    const crashed = await host.invoke('crashing', {});
    expect(crashed).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: expect.stringContaining('exit status 3') } });
  });

  it('loads a CommonJS asset that requires the runtime-provided AWS SDK through NODE_PATH, and nothing else', async () => {
    const result = await host.invoke('common-js', {});
    expect(result).toMatchObject({ ok: true, payload: { sdk: 'function', smithy: false, vitest: false, pg: false } });
  });
});

describe('an asset inside a project', () => {
  let host: LocalLambdaHost;
  afterEach(() => host?.stop());

  it('is run from a copy, so packages above it are out of reach as in /var/task', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'lambda-host-project-'));
    mkdirSync(path.join(project, 'node_modules', 'only-in-project'), { recursive: true });
    writeFileSync(path.join(project, 'node_modules', 'only-in-project', 'index.js'), 'module.exports = 1;');
    const assetDir = path.join(project, 'cdk.out', 'asset.1');
    mkdirSync(assetDir, { recursive: true });
    writeFileSync(
      path.join(assetDir, 'index.js'),
      `exports.handler = async () => { try { require('only-in-project'); return 'reached'; } catch { return 'unreachable'; } };`,
    );
    const spec = { ...fixtureFunctions.echo, functionName: 'in-project', arn: functionArn('in-project'), assetDir };
    host = createLambdaHost({ functions: [spec], credentialsFor: keysOf, endpoints: {}, region: localRegion });
    try {
      expect(await host.invoke('in-project', {})).toMatchObject({ ok: true, payload: 'unreachable' });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('the Lambda Invoke endpoint', () => {
  const caller: Principal = { roleArn: `arn:aws:iam::${localAccount}:role/caller`, arn: `arn:aws:iam::${localAccount}:role/caller`, sessionTags: {}, label: 'caller' };
  const callerKeys: Credentials = { accessKeyId: 'AKIACALLER', secretAccessKey: 'caller-secret', sessionToken: 'caller-token' };
  const issuer: CredentialIssuer = {
    issue: () => callerKeys,
    lookup: (accessKeyId) => (accessKeyId === callerKeys.accessKeyId ? { principal: caller, credentials: callerKeys } : undefined),
  };
  /** Allows invoking only the functions it is given. */
  const allowOnly = (resources: string[]) => allowOnlyCalls(resources.map((resource) => ({ action: 'lambda:InvokeFunction', resource })));

  const target = fixtureSpec('target', { 'index.mjs': 'export const handler = async (event) => ({ received: event });' });
  const failing = fixtureSpec('target-failing', { 'index.mjs': `export const handler = async () => { throw new RangeError('out of range'); };` });
  const forbidden = fixtureSpec('forbidden', { 'index.mjs': 'export const handler = async () => 1;' });
  // What the CDK provider framework does: a CommonJS function invoking another through the runtime's client-lambda.
  const invoker = fixtureSpec(
    'invoker',
    {
      'index.js': `const { Lambda } = require('@aws-sdk/client-lambda');
exports.handler = async (event) => {
  const response = await new Lambda({}).invoke({ FunctionName: process.env.TARGET_ARN, Payload: JSON.stringify(event) });
  return JSON.parse(new TextDecoder().decode(response.Payload));
};`,
    },
    { environment: { TARGET_ARN: target.arn } },
  );
  // The real CDK provider framework from the cloud assembly, calling the target as its user onEvent function.
  const framework = assemblySpec('orchestra-system-deployed-data', 'ControlDatabaseSetupProviderframeworkonEvent', { USER_ON_EVENT_FUNCTION_ARN: target.arn });
  const functions = [target, failing, forbidden, invoker, framework];
  const authorizer = allowOnly([target.arn, failing.arn, `${target.arn}:live`]);
  let host: LocalLambdaHost;
  let endpoint: Awaited<ReturnType<typeof createLambdaInvokeEndpoint>>;
  let client: LambdaClient;

  beforeAll(async () => {
    // The endpoint needs the host and the host's functions need the endpoint's URL: filled in before any cold start.
    const endpoints: Record<string, string> = {};
    host = createLambdaHost({ functions, credentialsFor: () => callerKeys, endpoints, region: localRegion });
    endpoint = await createLambdaInvokeEndpoint({ host, issuer, authorizer, functions });
    endpoints[endpoint.service] = endpoint.url;
    client = new LambdaClient({ region: localRegion, endpoint: endpoint.url, credentials: callerKeys });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.stop();
    await host.stop();
  });

  const decode = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload));

  it('invokes a function through a real LambdaClient and returns its payload', async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: target.arn, Payload: JSON.stringify({ n: 1 }) }));
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(response.ExecutedVersion).toBe('$LATEST');
    expect(decode(response.Payload)).toEqual({ received: { n: 1 } });
    expect(authorizer.decisions.at(-1)).toMatchObject({ allowed: true, call: { principal: caller, action: 'lambda:InvokeFunction', resource: target.arn } });
  });

  it('judges a qualified invoke against the qualified ARN', async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: 'target', Qualifier: 'live', Payload: '{}', LogType: 'Tail' }));
    expect(decode(response.Payload)).toEqual({ received: {} });
    expect(Buffer.from(response.LogResult!, 'base64').toString()).toContain('REPORT RequestId');
    expect(authorizer.decisions.at(-1)!.call.resource).toBe(`${target.arn}:live`);
  });

  it('answers a function error with X-Amz-Function-Error and the error JSON', async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: failing.arn, Payload: '{}' }));
    expect(response.FunctionError).toBe('Unhandled');
    expect(decode(response.Payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range', trace: expect.any(Array) });
  });

  it('queues an Event invocation and answers 202', async () => {
    const response = await client.send(new InvokeCommand({ FunctionName: target.arn, InvocationType: 'Event', Payload: '{"async":true}' }));
    expect(response.StatusCode).toBe(202);
  });

  it('answers an unknown function with ResourceNotFoundException and a denied call with AccessDeniedException', async () => {
    const unknownAllowed = allowOnly([functionArn('nope')]);
    const strictEndpoint = await createLambdaInvokeEndpoint({ host, issuer, authorizer: unknownAllowed, functions });
    const strictClient = new LambdaClient({ region: localRegion, endpoint: strictEndpoint.url, credentials: callerKeys });
    try {
      await expect(strictClient.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(strictClient.send(new InvokeCommand({ FunctionName: forbidden.arn }))).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(`is not authorized to perform: lambda:InvokeFunction on resource: ${forbidden.arn}`),
        $metadata: { httpStatusCode: 403 },
      });
      const stranger = new LambdaClient({ region: localRegion, endpoint: strictEndpoint.url, credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' } });
      await expect(stranger.send(new InvokeCommand({ FunctionName: target.arn }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      stranger.destroy();
    } finally {
      strictClient.destroy();
      await strictEndpoint.stop();
    }
  });

  it('lets a function invoke another through AWS_ENDPOINT_URL_LAMBDA', async () => {
    const result = await host.invoke('invoker', { from: 'invoker' });
    expect(result).toMatchObject({ ok: true, payload: { received: { from: 'invoker' } } });
  });

  it("runs the CDK provider framework's onEvent, which invokes the user function through the endpoint", async () => {
    const before = host.invocations.length;
    // Not awaited: its answer to CloudFormation (nothing listens at the ResponseURL) is retried for half a minute; stop() ends it.
    void host.invoke(framework.arn, {
      RequestType: 'Create',
      ServiceToken: framework.arn,
      ResponseURL: 'https://127.0.0.1:9/cloudformation-response',
      StackId: `arn:aws:cloudformation:${localRegion}:${localAccount}:stack/orchestra-system-deployed-data/1`,
      RequestId: 'create-1',
      LogicalResourceId: 'ControlDatabaseSetup',
      ResourceType: 'Custom::ControlDatabaseSetup',
      ResourceProperties: { ServiceToken: framework.arn },
    });
    await expect.poll(() => host.invocations.slice(before).find((record) => record.function === 'target'), { timeout: 10_000 }).toMatchObject({ ok: true });
    expect(authorizer.decisions.at(-1)!.call).toMatchObject({ action: 'lambda:InvokeFunction', resource: target.arn });
  });
});
