import { createHash, randomUUID } from 'node:crypto';
import { localAccount, localRegion, type InvocationResult } from '../contracts';
import type { CloudFormationResponseEndpoint, CustomResourceResponse } from './cloudformation-response-endpoint';
import type { InvokeFunction, TemplateResource } from './service-invocation';

export type CustomResourceRequestType = 'Create' | 'Update' | 'Delete';

export interface CustomResourceRun {
  resource: TemplateResource;
  requestType: CustomResourceRequestType;
  /** Update: the properties of the previous deploy (as in its template, resolved). */
  oldProperties?: Record<string, unknown>;
  /** Update and Delete: what the last SUCCESS answered. */
  physicalResourceId?: string;
  /** The stack's id (the templates reader's CustomResourceSpec.stackId); by default one derived from the stack name. */
  stackId?: string;
  invoke: InvokeFunction;
  responses: CloudFormationResponseEndpoint;
  /** How long to wait for the PUT (CloudFormation waits up to an hour; the default is the provider's 15 minutes). */
  timeoutMs?: number;
}

export interface CustomResourceOutcome {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId?: string;
  Data: Record<string, unknown>;
  /** The request CloudFormation sent. */
  request: Record<string, unknown>;
  /** The response as PUT to the ResponseURL, if one arrived. */
  received?: CustomResourceResponse;
  /** What the invocation of the service token's function returned (CloudFormation invokes asynchronously and never sees this). */
  invocation: InvocationResult;
  /** Update: the handler answered a new physical id, so CloudFormation will Delete the old one in cleanup. */
  replaced: boolean;
}

/** CloudFormation hands a custom resource its properties with every scalar as a string. */
export function stringifyProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyProperties);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyProperties(v)]));
  return value === null || value === undefined ? value : String(value);
}

/** One StackId per stack name for the run, as a stack keeps its id across updates. */
function stackIdOf(stack: string): string {
  const h = createHash('sha256').update(stack).digest('hex');
  return `arn:aws:cloudformation:${localRegion}:${localAccount}:stack/${stack}/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** CloudFormation refuses a response body over 4096 bytes. */
const maxResponseBytes = 4096;

/**
 * One CloudFormation custom resource request (Create, Update or Delete) sent to the resource's ServiceToken
 * function, then the wait for the reply at the ResponseURL, judged as CloudFormation judges it.
 */
export async function runCustomResource(run: CustomResourceRun): Promise<CustomResourceOutcome> {
  const { resource, requestType } = run;
  const serviceToken = resource.properties.ServiceToken as string | undefined;
  if (!serviceToken) throw new Error(`${resource.logicalId}: no ServiceToken`);
  if (requestType !== 'Create' && !run.physicalResourceId) throw new Error(`${requestType} of ${resource.logicalId} needs the physicalResourceId of the last success`);
  if (requestType === 'Update' && !run.oldProperties) throw new Error(`Update of ${resource.logicalId} needs oldProperties`);
  const stackId = run.stackId ?? stackIdOf(resource.stack ?? 'stack');
  const requestId = randomUUID();
  const logicalResourceId = resource.logicalId ?? 'Resource';
  const { url, received } = run.responses.newResponseUrl(stackId, logicalResourceId, requestId);
  const request: Record<string, unknown> = {
    RequestType: requestType,
    ServiceToken: serviceToken,
    ResponseURL: url,
    StackId: stackId,
    RequestId: requestId,
    LogicalResourceId: logicalResourceId,
    ResourceType: resource.type ?? 'AWS::CloudFormation::CustomResource',
    ResourceProperties: stringifyProperties(resource.properties),
    ...(requestType === 'Update' ? { OldResourceProperties: stringifyProperties(run.oldProperties) } : {}),
    ...(requestType !== 'Create' ? { PhysicalResourceId: run.physicalResourceId } : {}),
  };

  const invocation = await run.invoke(serviceToken, request);
  // The reply may come after the function returned (it should not), or never: wait a little, not an hour.
  const waitMs = invocation.ok ? (run.timeoutMs ?? 900_000) : 2_000;
  let timer: NodeJS.Timeout | undefined;
  const reply = await Promise.race([received, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)))]);
  clearTimeout(timer);

  const base = { request, invocation, Data: {} as Record<string, unknown>, replaced: false };
  if (!reply) {
    const why = invocation.ok ? 'the function returned without answering' : `the function failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`;
    return { ...base, Status: 'FAILED', Reason: `No response at the ResponseURL (${why}); CloudFormation would time out after an hour` };
  }
  const r = reply.response;
  const fail = (reason: string): CustomResourceOutcome => ({ ...base, received: r, Status: 'FAILED', Reason: reason });
  if (Buffer.byteLength(reply.raw) > maxResponseBytes) return fail('Response object is too long.');
  if (r.Status !== 'SUCCESS' && r.Status !== 'FAILED') return fail(`Invalid response status: ${String(r.Status)}`);
  if (r.RequestId !== requestId || r.StackId !== stackId || r.LogicalResourceId !== logicalResourceId) {
    return fail('The response names another request (RequestId, StackId or LogicalResourceId differ)');
  }
  if (!r.PhysicalResourceId) return fail('Invalid PhysicalResourceId');
  return {
    ...base,
    received: r,
    Status: r.Status,
    ...(r.Reason !== undefined ? { Reason: r.Reason } : {}),
    PhysicalResourceId: r.PhysicalResourceId,
    Data: r.Data ?? {},
    replaced: requestType === 'Update' && r.Status === 'SUCCESS' && r.PhysicalResourceId !== run.physicalResourceId,
  };
}
