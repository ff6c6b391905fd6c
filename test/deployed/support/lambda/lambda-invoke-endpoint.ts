import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessDeniedError, localAccount, localRegion, type Authorizer, type CredentialIssuer, type FunctionSpec, type LambdaHost, type LocalEndpoint } from '../contracts';
import { callerAccessKey } from '../aws/caller-key';
import { findFunction, invokedFunctionArn, parseFunctionReference } from './function-reference';

export interface LambdaInvokeEndpointOptions {
  host: LambdaHost;
  issuer: CredentialIssuer;
  authorizer: Authorizer;
  /** The functions the host runs: to resolve a FunctionName to the ARN IAM judges. */
  functions: FunctionSpec[];
}

/** Lambda refuses synchronous request payloads above 6 MB. */
const maxPayloadBytes = 6 * 1024 * 1024;
const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** The ARN IAM judges for a function this tier does not have (IAM answers before Lambda says it is missing). */
function unknownFunctionArn(named: string): string {
  if (named.startsWith('arn:')) return named;
  const { name, qualifier } = parseFunctionReference(named);
  return `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

class LambdaServiceError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function sendError(response: ServerResponse, error: LambdaServiceError): void {
  const body = JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', Message: error.message });
  response.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-ErrorType': error.errorType, 'x-amzn-RequestId': crypto.randomUUID() });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parsePayload(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new LambdaServiceError(400, 'InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json');
  }
}

/**
 * Lambda's Invoke API (restJson1) on 127.0.0.1, for functions that invoke others through @aws-sdk/client-lambda
 * (the CDK custom-resource provider framework invokes the user's onEvent function). Every call is judged by IAM
 * as `lambda:InvokeFunction` on the function's ARN, for the principal behind the signing key.
 */
export async function createLambdaInvokeEndpoint({ host, issuer, authorizer, functions }: LambdaInvokeEndpointOptions): Promise<LocalEndpoint> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const route = invokePath.exec(url.pathname);
    if (request.method !== 'POST' || !route) {
      throw new LambdaServiceError(404, 'UnknownOperationException', `Unknown operation ${request.method} ${url.pathname}`);
    }
    const accessKey = callerAccessKey(request);
    const caller = accessKey ? issuer.lookup(accessKey) : undefined;
    if (!caller) throw new LambdaServiceError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');

    const functionName = decodeURIComponent(route[1]);
    const qualifier = url.searchParams.get('Qualifier') ?? undefined;
    const named = qualifier && !parseFunctionReference(functionName).qualifier ? `${functionName}:${qualifier}` : functionName;
    const found = findFunction(functions, named);
    const resource = found ? invokedFunctionArn(found.spec, found.reference) : unknownFunctionArn(named);
    try {
      await authorizer.authorize({ principal: caller.principal, action: 'lambda:InvokeFunction', resource, context: {} });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw new LambdaServiceError(403, 'AccessDeniedException', error.message);
      throw error;
    }
    if (!found) throw new LambdaServiceError(404, 'ResourceNotFoundException', `Function not found: ${resource}`);

    const body = await readBody(request);
    if (body.length > maxPayloadBytes) {
      throw new LambdaServiceError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${maxPayloadBytes} bytes for the InvokeFunction operation`);
    }
    const event = parsePayload(body);
    const invocationType = (request.headers['x-amz-invocation-type'] as string | undefined) ?? 'RequestResponse';
    const requestId = crypto.randomUUID();
    if (invocationType === 'DryRun') {
      response.writeHead(204, { 'x-amzn-RequestId': requestId });
      response.end();
      return;
    }
    if (invocationType === 'Event') {
      // Queued: Lambda answers at once and runs the function on its own (retries are not emulated).
      void host.invoke(resource, event).catch((error: unknown) => process.stderr.write(`[lambda-invoke-endpoint] async invoke of ${resource} failed: ${String(error)}\n`));
      response.writeHead(202, { 'x-amzn-RequestId': requestId });
      response.end();
      return;
    }
    if (invocationType !== 'RequestResponse') {
      throw new LambdaServiceError(400, 'InvalidParameterValueException', `Invalid invocation type: ${invocationType}`);
    }
    const result = await host.invoke(resource, event);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-RequestId': requestId, 'X-Amz-Executed-Version': '$LATEST' };
    if (request.headers['x-amz-log-type'] === 'Tail') {
      // The last 4 KB of the invocation's log, base64, as Lambda returns with LogType Tail.
      headers['X-Amz-Log-Result'] = Buffer.from(Buffer.from(result.logs).subarray(-4096)).toString('base64');
    }
    if (result.ok) {
      response.writeHead(200, headers);
      response.end(JSON.stringify(result.payload));
    } else {
      response.writeHead(200, { ...headers, 'X-Amz-Function-Error': 'Unhandled' });
      response.end(JSON.stringify(result.error));
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const serviceError =
        error instanceof LambdaServiceError ? error : new LambdaServiceError(500, 'ServiceException', error instanceof Error ? error.message : String(error));
      if (!response.headersSent) sendError(response, serviceError);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    service: 'LAMBDA',
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
