import type { ResolvedResource } from '../contracts.js';
import { arnLike } from './arn-like.js';

/** One AWS::Lambda::Permission: a statement of the function's resource policy. */
interface LambdaPermission {
  functionName: string;
  action: string;
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
}

/**
 * Lambda's resource policy as the templates' AWS::Lambda::Permission resources build it. Lambda turns each into
 * `Allow Principal {Service} lambda:InvokeFunction` with `ArnLike AWS:SourceArn` and `StringEquals
 * AWS:SourceAccount`; a service invokes only when one of them matches all three.
 */
export function lambdaInvokePermissions(resources: ResolvedResource[]) {
  const permissions: LambdaPermission[] = resources
    .filter((r) => r.type === 'AWS::Lambda::Permission')
    .map((r) => ({
      functionName: functionKey(String(r.properties.FunctionName)),
      action: String(r.properties.Action),
      principal: String(r.properties.Principal),
      sourceArn: r.properties.SourceArn === undefined ? undefined : String(r.properties.SourceArn),
      sourceAccount: r.properties.SourceAccount === undefined ? undefined : String(r.properties.SourceAccount),
    }));

  return function lambdaInvokeAllowed(functionArn: string, servicePrincipal: string, sourceArn: string, sourceAccount?: string): boolean {
    const target = functionKey(functionArn);
    return permissions.some(
      (p) =>
        p.functionName === target &&
        (p.action === 'lambda:InvokeFunction' || p.action === 'lambda:*') &&
        p.principal === servicePrincipal &&
        (p.sourceArn === undefined || arnLike(p.sourceArn, sourceArn)) &&
        (p.sourceAccount === undefined || p.sourceAccount === (sourceAccount ?? accountOf(sourceArn))),
    );
  };
}

/** A function's name with its qualifier, from a name, a partial ARN or an ARN; `$LATEST` is the unqualified function. */
function functionKey(nameOrArn: string): string {
  const match = /(?:^arn:[^:]+:lambda:[^:]*:[^:]*:function:|^\d{12}:function:)?([^:]+)(?::([^:]+))?$/.exec(nameOrArn);
  if (!match) return nameOrArn;
  const [, name, qualifier] = match;
  return qualifier && qualifier !== '$LATEST' ? `${name}:${qualifier}` : name!;
}

function accountOf(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}
