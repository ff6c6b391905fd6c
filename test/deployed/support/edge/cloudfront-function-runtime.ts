import { createHash, createHmac, randomBytes } from 'node:crypto';
import vm from 'node:vm';

/** A header, query parameter or cookie in a CloudFront Functions event. */
export interface CloudFrontValue {
  value: string;
  multiValue?: { value: string }[];
}

export interface CloudFrontFunctionRequest {
  method: string;
  uri: string;
  querystring: Record<string, CloudFrontValue>;
  headers: Record<string, CloudFrontValue>;
  cookies: Record<string, CloudFrontValue>;
}

export interface CloudFrontFunctionResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, CloudFrontValue>;
  cookies?: Record<string, CloudFrontValue & { attributes?: string }>;
  body?: string | { data: string; encoding: 'text' | 'base64' };
}

export interface CloudFrontFunctionEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: 'viewer-request'; requestId: string };
  viewer: { ip: string };
  request: CloudFrontFunctionRequest;
}

export type CloudFrontFunctionResult = { kind: 'request'; request: CloudFrontFunctionRequest } | { kind: 'response'; response: CloudFrontFunctionResponse };

export type CloudFrontFunction = (event: CloudFrontFunctionEvent) => Promise<CloudFrontFunctionResult>;

/** The modules cloudfront-js-2.0 offers to `require`: crypto (hashes and HMACs) only; KeyValueStore is not emulated. */
function sandboxRequire(name: string): unknown {
  if (name === 'crypto') return { createHash, createHmac };
  throw new Error(`Cannot find module '${name}' (not available to CloudFront Functions here)`);
}

/**
 * Compiles an AWS::CloudFront::Function's FunctionCode (runtime cloudfront-js-2.0) in its own node:vm context
 * with only what that runtime offers (no process, no timers, no network), and returns a runner that calls its
 * `handler(event)`. A returned object with `statusCode` is a response CloudFront sends straight to the viewer;
 * anything else is the (possibly modified) request. A thrown error or an overrun is a 503 in CloudFront.
 */
export function compileCloudFrontFunction(code: string, runtime: string, label: string): CloudFrontFunction {
  if (runtime !== 'cloudfront-js-2.0' && runtime !== 'cloudfront-js-1.0') throw new Error(`${label}: runtime ${runtime} is not emulated`);
  const logs: string[] = [];
  const context = vm.createContext({
    console: { log: (...args: unknown[]) => logs.push(args.map(String).join(' ')) },
    require: sandboxRequire,
    Buffer,
    TextEncoder,
    TextDecoder,
  });
  new vm.Script(code, { filename: label }).runInContext(context, { timeout: 1000 });
  if (vm.runInContext('typeof handler', context) !== 'function') throw new Error(`${label}: the function code defines no handler`);
  return async (event) => {
    // The event is rebuilt inside the sandbox's realm so the code sees plain objects of its own kind, and the
    // call runs under a time limit (CloudFront allows about a millisecond of compute; this only stops a runaway).
    const call = `handler(JSON.parse(${JSON.stringify(JSON.stringify(event))}))`;
    const returned = await (vm.runInContext(call, context, { timeout: 1000 }) as unknown);
    const result = JSON.parse(JSON.stringify(returned ?? null)) as Record<string, unknown> | null;
    if (!result || typeof result !== 'object') throw new Error(`${label}: handler returned neither a request nor a response`);
    if ('statusCode' in result) return { kind: 'response', response: result as unknown as CloudFrontFunctionResponse };
    return { kind: 'request', request: { ...event.request, ...(result as Partial<CloudFrontFunctionRequest>), method: event.request.method } };
  };
}

export function newCloudFrontRequestId(): string {
  return randomBytes(40).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
