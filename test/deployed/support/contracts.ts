/**
 * The deployed tier's parts and how they meet (ARCHITECTURE rule 10a). The synthesized app is read from a
 * cloud assembly (`cdk synth`, bundling on); each Lambda asset runs in its own Node process with its
 * template environment; its AWS SDK clients reach local endpoints through `AWS_ENDPOINT_URL_*`; every call
 * that reaches an endpoint is checked against the caller's own synthesized IAM policies.
 *
 *   templates/   cloud assembly → stacks with intrinsics resolved to local names (DeployedTemplates)
 *   lambda/      FunctionSpec → a Node process per function, invoked like Lambda (LambdaHost)
 *   aws/         local Secrets Manager, STS, RDS Data API, SES, S3, Step Functions, Lambda Invoke
 *   iam/         principals behind access keys (CredentialIssuer) and the policy evaluator (Authorizer)
 *   edge/        API Gateway routes and CloudFront behaviours from the templates, the schedule, SNS,
 *                the custom resource's CloudFormation events
 *   deployed-app.ts   stands it all up for a scenario
 */

/** The fake account and region every resolved ARN uses. */
export const localAccount = '111111111111';
export const localRegion = 'eu-north-1';

// ---------------------------------------------------------------------------------------------------
// templates/
// ---------------------------------------------------------------------------------------------------

/** A CloudFormation resource with every intrinsic in its Properties resolved to plain values. */
export interface ResolvedResource {
  stack: string;
  logicalId: string;
  type: string;
  properties: Record<string, any>;
  /** What `Ref` gives for this resource (a name, an ARN or an id, as CloudFormation documents per type). */
  ref: string;
  /** `Fn::GetAtt` values this tier knows for the resource's type (Arn, RoleId, Endpoint.Address, …). */
  attributes: Record<string, string>;
  /** `Metadata['aws:asset:path']` made absolute, when the resource has an asset (Lambda code, bucket deployment). */
  assetPath?: string;
}

export interface ResolvedStack {
  name: string;
  resources: Record<string, ResolvedResource>;
  /** Outputs by their logical id, resolved. */
  outputs: Record<string, string>;
}

export interface DeployedTemplates {
  /** The cloud assembly folder. */
  outdir: string;
  stacks: Record<string, ResolvedStack>;
  /** Every resource of every stack of one type, e.g. `AWS::Lambda::Function`. */
  resourcesOfType(type: string): ResolvedResource[];
  /** The resource whose ref or Arn attribute equals the value (an ARN, a name), if any. */
  findByRefOrArn(value: string): ResolvedResource | undefined;
  functions(): FunctionSpec[];
}

/** One deployed Lambda function as its template describes it. */
export interface FunctionSpec {
  stack: string;
  logicalId: string;
  /** The physical name (FunctionName, or `<stack>-<logicalId>` as CloudFormation would generate one). */
  functionName: string;
  arn: string;
  /** Absolute path of the unzipped asset folder in the cloud assembly (holds index.mjs or index.js …). */
  assetDir: string;
  /** `index.handler`: module path relative to assetDir (without extension), then the export name. */
  handler: string;
  runtime: string;
  /** The template's Environment.Variables, resolved. Nothing added: the host adds what Lambda adds. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  roleArn: string;
}

// ---------------------------------------------------------------------------------------------------
// iam/
// ---------------------------------------------------------------------------------------------------

/** Who signed a request that reached a local endpoint, known by the access key id it was signed with. */
export interface Principal {
  /** The role: a function's execution role, or the role an STS session assumed. */
  roleArn: string;
  /** The principal's own ARN: the role ARN, or `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
  arn: string;
  /** Session tags of an assumed-role session (`aws:PrincipalTag/<key>`); empty for a function's own role. */
  sessionTags: Record<string, string>;
  /** For messages: the function (`orchestra-system-deployed-jobs/TickFunction…`) or the session. */
  label: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Hands out access keys for principals and maps a key back to its principal. */
export interface CredentialIssuer {
  /** durationSeconds: an assumed-role session's lifetime (STS's DurationSeconds; 3600 by default). */
  issue(principal: Principal, options?: { durationSeconds?: number }): Credentials;
  lookup(accessKeyId: string): { principal: Principal; credentials: Credentials } | undefined;
}

/** One AWS API call as IAM sees it. */
export interface AwsCall {
  principal: Principal;
  /** `secretsmanager:GetSecretValue`, `rds-data:ExecuteStatement`, `sts:AssumeRole`, … */
  action: string;
  /** The resource ARN the action is authorized against. */
  resource: string;
  /** Request condition keys: `aws:RequestTag/orchestra-id`, `secretsmanager:ResourceTag/orchestra-id`, `ses:FromAddress`, … */
  context: Record<string, string | string[]>;
}

export interface Decision {
  call: AwsCall;
  allowed: boolean;
  /** Why: the statement that allowed it, or what is missing (no statement allows action X on resource Y, condition Z failed). */
  explanation: string;
}

/** Decides every call against the principal's synthesized policies and keeps a record of each decision. */
export interface Authorizer {
  /** Resolves when IAM would allow the call; throws AccessDeniedError otherwise. Either way, records it. */
  authorize(call: AwsCall): Promise<void>;
  readonly decisions: readonly Decision[];
  /** Decisions that denied. A scenario fails when one is here that it did not expect. */
  denials(): Decision[];
}

/** What an endpoint answers with when the authorizer denies: AWS's AccessDeniedException text. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedException';
  constructor(readonly decision: Decision) {
    super(
      `User: ${decision.call.principal.arn} is not authorized to perform: ${decision.call.action} on resource: ${decision.call.resource} (${decision.explanation})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// lambda/
// ---------------------------------------------------------------------------------------------------

/** What Lambda's runtime reports for a failed invocation. */
export interface InvocationError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type InvocationResult = { ok: true; payload: unknown; logs: string } | { ok: false; error: InvocationError; logs: string };

export interface LambdaHost {
  /** Invokes a function by ARN (qualified or not) or by name, as Lambda would: cold on first use, warm after. */
  invoke(functionArnOrName: string, event: unknown): Promise<InvocationResult>;
  /** Every invocation made so far, with its cold-start flag and duration, for reports and the bench. */
  readonly invocations: readonly { function: string; cold: boolean; durationMs: number; ok: boolean }[];
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// aws/
// ---------------------------------------------------------------------------------------------------

/** A local AWS service endpoint (one HTTP server per service, on 127.0.0.1 so S3 uses path-style URLs). */
export interface LocalEndpoint {
  /** The AWS_ENDPOINT_URL_<SERVICE> suffix: RDS_DATA, SECRETS_MANAGER, STS, SES, S3, SFN, LAMBDA. */
  service: string;
  url: string;
  stop(): Promise<void>;
}
