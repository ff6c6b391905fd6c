import type { FunctionSpec } from '../contracts';

/** A function named the ways Lambda's FunctionName accepts: name, full or partial ARN, each with an optional qualifier. */
export interface FunctionReference {
  name: string;
  qualifier?: string;
}

export function parseFunctionReference(value: string): FunctionReference {
  // arn:aws:lambda:eu-north-1:111111111111:function:name[:qualifier]
  const full = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/.exec(value);
  if (full) return { name: full[1], qualifier: full[2] };
  // 111111111111:function:name[:qualifier]
  const partial = /^\d{12}:function:([^:]+)(?::([^:]+))?$/.exec(value);
  if (partial) return { name: partial[1], qualifier: partial[2] };
  const [name, qualifier] = value.split(':');
  return { name, qualifier };
}

/** The spec a reference names, if this tier deployed it. */
export function findFunction(functions: readonly FunctionSpec[], value: string): { spec: FunctionSpec; reference: FunctionReference } | undefined {
  const reference = parseFunctionReference(value);
  const spec = functions.find((candidate) => candidate.functionName === reference.name);
  return spec ? { spec, reference } : undefined;
}

/** The ARN Lambda hands the handler as context.invokedFunctionArn: the one it was invoked by, qualifier included. */
export function invokedFunctionArn(spec: FunctionSpec, reference: FunctionReference): string {
  return reference.qualifier ? `${spec.arn}:${reference.qualifier}` : spec.arn;
}
