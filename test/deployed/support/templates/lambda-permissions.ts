import type { DeployedTemplates } from '../contracts.js';

/** A resource-based policy statement on a function: who may invoke it, from where. */
export interface LambdaPermission {
  stack: string;
  logicalId: string;
  /** The function's unqualified ARN (the template may name it by name, partial or full ARN). */
  functionArn: string;
  /** A qualifier (`:alias` or `:version`) the permission is limited to, when the template gives one. */
  qualifier?: string;
  action: string;
  /** `apigateway.amazonaws.com`, `events.amazonaws.com`, `sns.amazonaws.com`, an account, a role ARN. */
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
  functionUrlAuthType?: string;
}

export function lambdaPermissions(templates: DeployedTemplates): LambdaPermission[] {
  return templates.resourcesOfType('AWS::Lambda::Permission').map((permission) => {
    const properties = permission.properties;
    const given = String(properties.FunctionName);
    const target = templates.findByRefOrArn(given);
    // A qualified ARN names the function plus `:alias`; split it the way Lambda reads it.
    const qualified = /^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+)(?::(.+))?$/.exec(given);
    const functionArn = target?.type === 'AWS::Lambda::Function' ? target.attributes.Arn : (qualified?.[1] ?? given);
    return {
      stack: permission.stack,
      logicalId: permission.logicalId,
      functionArn,
      ...(qualified?.[2] ? { qualifier: qualified[2] } : {}),
      action: String(properties.Action),
      principal: String(properties.Principal),
      ...(properties.SourceArn ? { sourceArn: String(properties.SourceArn) } : {}),
      ...(properties.SourceAccount ? { sourceAccount: String(properties.SourceAccount) } : {}),
      ...(properties.FunctionUrlAuthType ? { functionUrlAuthType: String(properties.FunctionUrlAuthType) } : {}),
    };
  });
}
