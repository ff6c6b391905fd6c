import type { InvocationResult } from '../contracts';
import { findInvokePermission, ServiceInvokeDenied, type LambdaPermission, type ServiceInvocation } from './lambda-permissions';

export type InvokeFunction = (functionArn: string, event: unknown) => Promise<InvocationResult>;

/** A resource as the templates reader gives it (only what the entry points read). */
export interface TemplateResource {
  logicalId?: string;
  stack?: string;
  type?: string;
  ref?: string;
  attributes?: Record<string, string>;
  properties: Record<string, any>;
}

/** Lambda refuses a service's invocation that no resource policy allows, before the function runs. */
export function assertServiceMayInvoke(permissions: readonly LambdaPermission[] | undefined, call: ServiceInvocation): void {
  if (permissions && !findInvokePermission(permissions, call)) throw new ServiceInvokeDenied(call);
}

export function isLambdaArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:/.test(arn);
}
