/** An IAM policy document as a template holds it (JSON, intrinsics resolved). */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
  [key: string]: unknown;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  [key: string]: unknown;
}

/** A policy and where it came from, so a decision can name it. */
export interface NamedPolicy {
  /** Unique among the principal's policies: the inline policy name, the AWS::IAM::Policy's logical id, the managed policy's ARN. */
  name: string;
  /** For messages: `inline policy X of role Y`, `managed policy arn:…`, `bucket policy of files-bucket`. */
  description: string;
  document: PolicyDocument;
}

/** Everything IAM knows about one role. */
export interface RolePolicies {
  roleArn: string;
  roleName: string;
  /** The unique id IAM gives the role (`AROA…`), for `aws:userid`. */
  roleId: string;
  /** `<stack>/<logicalId>`, for messages. */
  label: string;
  /** The role's own tags: IAM offers them as `aws:PrincipalTag/<key>` (session tags win). */
  tags: Record<string, string>;
  /** Inline policies, AWS::IAM::Policy and AWS::IAM::RolePolicy naming the role, attached managed policies. */
  identityPolicies: NamedPolicy[];
  /** ManagedPolicyArns this tier could not resolve (neither a template's ManagedPolicy nor a known AWS managed policy). */
  unresolvedManagedPolicyArns: string[];
  /** The AssumeRolePolicyDocument. */
  trustPolicy: PolicyDocument;
}

/** The policies the Authorizer judges calls by. */
export interface PolicySource {
  /** The role by its ARN. */
  role(roleArn: string): RolePolicies | undefined;
  /** The resource-based policy governing a resource ARN (a bucket's policy also governs its objects), if any. */
  resourcePolicy(resourceArn: string): NamedPolicy | undefined;
  /**
   * Whether the function's resource policy (its AWS::Lambda::Permission resources) lets a service principal
   * (`events.amazonaws.com`, `sns.amazonaws.com`, `apigateway.amazonaws.com`) invoke it on behalf of sourceArn.
   */
  lambdaInvokeAllowed(functionArn: string, servicePrincipal: string, sourceArn: string, sourceAccount?: string): boolean;
}

export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return [document.Statement].flat();
}
