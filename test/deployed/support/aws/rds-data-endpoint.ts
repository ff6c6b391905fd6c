import { RdsDataStandIn, type RdsDataOperation } from '../../../support/rds-data-stand-in';
import { AccessDeniedError, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { serveEndpoint, type EndpointRequest, type EndpointResponse } from './endpoint-server';
import { currentVersion, resourceTagContext, secretResourceArn, type SecretStore } from './secret-store';

/**
 * The RDS Data API over HTTP in its real protocol (restJson1: `POST /Execute`, `/BatchExecute`,
 * `/BeginTransaction`, `/CommitTransaction`, `/RollbackTransaction`; errors with `x-amzn-ErrorType` and
 * `{"message"}`), so the bundled SDK v3 client works against it through AWS_ENDPOINT_URL_RDS_DATA. The
 * statements run on PostgreSQL through the project's stand-in (test/support/rds-data-stand-in.ts), which
 * already reproduces the Data API's typing, formatting and error texts.
 *
 * Like the real service, it reads the secret a call names WITH THE CALLER'S CREDENTIALS: every call is
 * judged twice, `rds-data:<Action>` on the cluster and `secretsmanager:GetSecretValue` on the secret (with
 * its tags as condition keys), and the stand-in connects with the login the secret holds.
 */
export interface RdsDataEndpointOptions {
  secrets: SecretStore;
  pg: { host: string; port: number };
  /** The one cluster this endpoint serves; calls naming another are refused. */
  clusterArn: string;
  issuer: CredentialIssuer;
  authorizer: Authorizer;
}

export interface RdsDataEndpoint extends LocalEndpoint {
  /** For `failWithResuming`, `calls` and `openTransactions` in scenarios. */
  standIn: RdsDataStandIn;
}

class DataApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const operations: Record<string, RdsDataOperation> = {
  '/Execute': 'ExecuteStatement',
  '/BatchExecute': 'BatchExecuteStatement',
  '/BeginTransaction': 'BeginTransaction',
  '/CommitTransaction': 'CommitTransaction',
  '/RollbackTransaction': 'RollbackTransaction',
};

type Body = Record<string, any>;

export async function startRdsDataEndpoint(options: RdsDataEndpointOptions): Promise<RdsDataEndpoint> {
  const standIn = new RdsDataStandIn({ host: options.pg.host, port: options.pg.port });

  const endpoint = await serveEndpoint('RDS_DATA', async (request) => {
    try {
      return ok(await answer(request));
    } catch (error) {
      if (error instanceof DataApiError) return failure(error.type, error.status, error.message);
      // The stand-in throws the SDK's own exception classes (BadRequestException, DatabaseResumingException …).
      const service = error as { name?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
      if (service.$fault && service.name) return failure(service.name, service.$metadata?.httpStatusCode ?? 400, service.message ?? '');
      throw error;
    }
  });

  async function answer(request: EndpointRequest): Promise<object> {
    const caller = identify(request);
    const path = new URL(request.url, 'http://local').pathname;
    const operation = request.method === 'POST' ? operations[path] : undefined;
    if (!operation) throw new DataApiError('UnknownOperationException', `No Data API operation at ${request.method} ${path}`, 404);
    let body: Body;
    try {
      body = JSON.parse(request.body.toString('utf8') || '{}') as Body;
    } catch {
      throw new DataApiError('SerializationException', 'The request body is not valid JSON');
    }
    const resourceArn = required(body, 'resourceArn');
    const secretArn = required(body, 'secretArn');

    // IAM first, then existence, as AWS answers: a caller not allowed learns nothing about the cluster.
    await authorize(caller, `rds-data:${operation}`, resourceArn, {});
    if (resourceArn !== options.clusterArn) throw new DataApiError('BadRequestException', `invalid cluster id: ${resourceArn}`);
    standIn.addSecret(secretArn, await readLogin(caller, secretArn));
    return standIn.handle(operation, withBlobs(body));
  }

  function identify(request: EndpointRequest): Principal {
    const key = callerAccessKey(request);
    const known = key ? options.issuer.lookup(key) : undefined;
    if (!known) throw new DataApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    return known.principal;
  }

  /** The Data API's own GetSecretValue, made as the caller. */
  async function readLogin(caller: Principal, secretArn: string): Promise<{ user: string; password: string }> {
    const secret = options.secrets.find(secretArn);
    const arn = secretResourceArn(secretArn, secret);
    await authorize(caller, 'secretsmanager:GetSecretValue', arn, { 'secretsmanager:SecretId': arn, ...resourceTagContext(secret) });
    const value = secret && !secret.deletionDate ? currentVersion(secret)?.string : undefined;
    if (value === undefined) {
      throw new DataApiError('SecretsErrorException', `There was a problem with the Secrets Manager secret used with the request: ${secretArn} was not found or is marked for deletion.`);
    }
    let login: { username?: unknown; password?: unknown };
    try {
      login = JSON.parse(value) as typeof login;
    } catch {
      login = {};
    }
    if (typeof login.username !== 'string' || typeof login.password !== 'string') {
      throw new DataApiError('InvalidSecretException', "The Secrets Manager secret used with the request isn't valid: it needs username and password.");
    }
    return { user: login.username, password: login.password };
  }

  async function authorize(principal: Principal, action: string, resource: string, context: Record<string, string | string[]>) {
    try {
      await options.authorizer.authorize({ principal, action, resource, context });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw new DataApiError('AccessDeniedException', error.message, 403);
      throw error;
    }
  }

  return {
    ...endpoint,
    standIn,
    stop: async () => {
      await endpoint.stop();
      await standIn.close();
    },
  };
}

/** On the wire a blobValue is base64; the stand-in, like the SDK's callers, binds bytes. */
function withBlobs(body: Body): Body {
  const decode = (parameters: Body[] | undefined) =>
    parameters?.map((parameter) =>
      typeof parameter?.value?.blobValue === 'string' ? { ...parameter, value: { blobValue: Buffer.from(parameter.value.blobValue, 'base64') } } : parameter,
    );
  return {
    ...body,
    parameters: decode(body.parameters),
    parameterSets: (body.parameterSets as Body[][] | undefined)?.map((set) => decode(set)),
  };
}

function required(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new DataApiError('BadRequestException', `${field} is required`);
  return value;
}

function ok(result: object): EndpointResponse {
  const { $metadata: _metadata, ...output } = result as Record<string, unknown>;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(output) };
}

function failure(type: string, status: number, message: string): EndpointResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type }, body: JSON.stringify({ message }) };
}
