/**
 * AWS::Lambda::Permission resources (their resolved Properties): who may invoke a function. The services that
 * invoke functions (API Gateway, EventBridge, SNS, CloudFormation's callers) are refused by Lambda unless one
 * of these allows the service principal from the source ARN.
 */
export interface LambdaPermission {
  Action: string;
  FunctionName: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
}

export interface ServiceInvocation {
  functionArn: string;
  principal: string;
  sourceArn: string;
  sourceAccount: string;
}

/** ArnLike: `*` any run of characters (slashes too), `?` one character. */
function arnLike(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

function namesFunction(functionName: string, functionArn: string): boolean {
  const unqualified = functionArn.split(':').slice(0, 7).join(':');
  const name = unqualified.split(':')[6];
  return functionName === functionArn || functionName === unqualified || functionName === name;
}

export function findInvokePermission(permissions: readonly LambdaPermission[], call: ServiceInvocation): LambdaPermission | undefined {
  return permissions.find(
    (p) =>
      (p.Action === 'lambda:InvokeFunction' || p.Action === 'lambda:*') &&
      namesFunction(p.FunctionName, call.functionArn) &&
      p.Principal === call.principal &&
      (p.SourceArn === undefined || arnLike(p.SourceArn, call.sourceArn)) &&
      (p.SourceAccount === undefined || p.SourceAccount === call.sourceAccount),
  );
}

export class ServiceInvokeDenied extends Error {
  override readonly name = 'AccessDeniedException';
  constructor(call: ServiceInvocation) {
    super(`no AWS::Lambda::Permission lets ${call.principal} invoke ${call.functionArn} from ${call.sourceArn}`);
  }
}
