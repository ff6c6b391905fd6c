import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { mailAddress } from '../stage-config';
import { wildcardResourceFinding } from './nag-finding';
import { lambdaAliasArgs, lambdaEsmBanner, lambdaMainFields, lambdaTarget } from './lambda-bundling';
import { orchestraTagKey } from '../../shared/adapters/aws/tenant-credentials';

/** Repository root: entries, tsconfig.json and package-lock.json are resolved from here. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The environment every function gets; the AWS composition root (shared/runtime/aws-runtime.ts) parses it. */
export interface BaseEnvironment {
  STAGE: string;
  /** Apex domain the tenancy resolves host names against. */
  BASE_DOMAIN: string;
  LOG_LEVEL: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export interface MailerSettings {
  /** Sender address (may carry a display name: `Orchestra System <no-reply@example.org>`). */
  from: string;
  ratePerSecond: number;
  configurationSet?: string;
}

export interface ApiFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/auth/lambda.ts`; must export `handler`. */
  entry: string;
  description?: string;
  environment: BaseEnvironment;
  /** @default 512 MB: more memory also means more CPU, which shortens cold starts of the bundled SDK. */
  memorySize?: number;
  /** @default 15 s: API Gateway HTTP APIs give up after 30 s anyway. */
  timeout?: Duration;
  /**
   * X-Ray active tracing: every invocation is sampled (Lambda's own segment: init, invocation, the time spent
   * in it), so a slow route or tick shows where its time went. CDK grants the role `xray:PutTraceSegments` and
   * `xray:PutTelemetryRecords`. @default true
   */
  tracing?: boolean;
  /** Reserved concurrency: at most this many instances run at once. @default none (the account's pool) */
  reservedConcurrentExecutions?: number;
  /** @default one month */
  logRetention?: logs.RetentionDays;
  /** What happens to the log group when the function goes. @default RETAIN */
  logRemovalPolicy?: RemovalPolicy;
  /** Folders of the repository copied next to the bundle (e.g. `migrations`), read at run time from the function's code folder (LAMBDA_TASK_ROOT). */
  copyIntoBundle?: string[];
  /** A fixed role name, for roles another stack's policy names before they exist (the tenant role's trust). @default generated */
  roleName?: string;
}

/**
 * A Lambda function with the house defaults (ARCHITECTURE rule 9): esbuild-bundled ESM on Node.js 24 and
 * ARM64, minified and tree-shaken with source maps, AWS SDK bundled, its own log group with retention, and a
 * role that starts with nothing but that log group. The `use…` methods grant a capability and set the
 * environment variables that name it together, so the two can't drift apart.
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: the function may write to its
    // own log group and nothing else until a `use…` method grants more.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      roleName: props.roleName,
      description: `Runs ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      // No NODE_OPTIONS=--enable-source-maps: Node then reads the ~1 MB source map at every cold start
      // (`npm run bench` measured ~15–20 ms). The maps still ship next to each bundle (sourceMap below), so
      // a minified stack trace can be mapped afterwards (docs/operations.md, "Cold start and size").
      environment: {
        ...props.environment,
        RUNTIME: 'aws',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: lambdaTarget,
        // Prefer the ES module builds so esbuild can drop unused code.
        mainFields: lambdaMainFields,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too: a pinned, tree-shaken SDK starts faster than the one in the runtime.
        externalModules: [],
        esbuildArgs: lambdaAliasArgs,
        banner: lambdaEsmBanner,
        // esbuild is a dev dependency: synth never needs Docker.
        forceDockerBundling: false,
        commandHooks: props.copyIntoBundle?.length
          ? {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) =>
                props.copyIntoBundle!.map((folder) => `cp -R "${path.join(inputDir, folder)}" "${path.join(outputDir, folder)}"`),
            }
          : undefined,
        logLevel: LogLevel.WARNING,
      },
    });
    if (props.tracing !== false) {
      Validations.of(this).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray trace segments and telemetry records are not resources: PutTraceSegments and PutTelemetryRecords take only "*" (what CDK grants for active tracing).',
      });
    }
  }

  /** Sets one environment variable (for values no `use…` method covers). */
  setEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /** Data API access to the cluster, read access to the control database's secret, and their names. */
  useControlDatabase(cluster: rds.DatabaseCluster, secret: secretsmanager.ISecret, databaseName: string): this {
    grantDataApi(this.role, cluster);
    secret.grantRead(this.role);
    this.function.addEnvironment('DB_CLUSTER_ARN', cluster.clusterArn);
    this.function.addEnvironment('CONTROL_DB_SECRET_ARN', secret.secretArn);
    this.function.addEnvironment('CONTROL_DB_NAME', databaseName);
    return this;
  }

  /**
   * Orchestra databases through the tenant role: the function may assume it only with an `orchestra-id`
   * session tag, and holds no access of its own to any orchestra secret.
   */
  useOrchestraDatabases(tenantRole: iam.IRole, orchestraSecretPrefix: string): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTenantRoleForOneOrchestra',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [tenantRole.roleArn],
        conditions: { StringLike: { [`aws:RequestTag/${orchestraTagKey}`]: '?*' } },
      }),
    );
    this.function.addEnvironment('TENANT_ROLE_ARN', tenantRole.roleArn);
    this.function.addEnvironment('ORCHESTRA_SECRET_PREFIX', orchestraSecretPrefix);
    return this;
  }

  /** Read access to the session signing key. */
  useSessionKey(secret: secretsmanager.ISecret): this {
    secret.grantRead(this.role);
    this.function.addEnvironment('SESSION_KEY_SECRET_ARN', secret.secretArn);
    return this;
  }

  /**
   * Read access to the origin secret whose value CloudFront sends in x-origin-verify: the request functions
   * refuse every request without it (shared/http/middleware/edge-origin.ts).
   */
  useOriginVerifySecret(secret: secretsmanager.ISecret): this {
    secret.grantRead(this.role);
    this.function.addEnvironment('ORIGIN_VERIFY_SECRET_ARN', secret.secretArn);
    return this;
  }

  /** Permission to send email through SES as the configured sender only. */
  useMailer(mail: MailerSettings): this {
    const stack = Stack.of(this);
    const identities = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    const resources = [identities];
    if (mail.configurationSet) {
      resources.push(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: mail.configurationSet }));
    }
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendMailAsConfiguredSender',
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        // SES authorizes against the sender's identity and, while the account is in the SES sandbox, also
        // against each recipient's identity, which is why the resource is every identity; the condition
        // pins the sender.
        resources,
        conditions: { StringEquals: { 'ses:FromAddress': mailAddress(mail.from) } },
      }),
    );
    Validations.of(this).acknowledge({
      id: wildcardResourceFinding(this, identities),
      reason: 'SES also authorizes each recipient identity while the account is in the SES sandbox, so the resource is every identity; the ses:FromAddress condition pins the sender.',
    });
    this.function.addEnvironment('MAIL_FROM', mail.from);
    this.function.addEnvironment('MAIL_RATE_PER_SECOND', String(mail.ratePerSecond));
    if (mail.configurationSet) this.function.addEnvironment('SES_CONFIGURATION_SET', mail.configurationSet);
    return this;
  }

  /**
   * The files bucket's name. Functions that serve an orchestra (request functions, the tick) reach its files
   * only through that orchestra's tenant-role session (TenantRole: orchestras/<session's orchestra>/*), so
   * they get no access of their own; `accessPolicy` is for the workflow steps that read any backup.
   */
  useFiles(files: { bucket: s3.IBucket; accessPolicy?: iam.IManagedPolicy }): this {
    if (files.accessPolicy) this.role.addManagedPolicy(files.accessPolicy);
    this.function.addEnvironment('FILES_BUCKET', files.bucket.bucketName);
    return this;
  }
}

/**
 * The Data API actions on the cluster and nothing else. Not `cluster.grantDataApiAccess()`: that also grants
 * read on the cluster's admin secret, which only the deploy-time and provisioning functions may read.
 */
export function grantDataApi(role: iam.IRole, cluster: rds.IDatabaseCluster): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'UseTheDataApi',
      actions: ['rds-data:ExecuteStatement', 'rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'],
      resources: [cluster.clusterArn],
    }),
  );
}

/** ARN pattern matching every secret whose name starts with prefix (Secrets Manager appends `-XXXXXX`). */
export function orchestraSecretsArn(scope: Construct, prefix: string): string {
  return Stack.of(scope).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
