import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ApiFunction, grantDataApi, projectRoot } from './api-function';
import { wildcardResourceFinding } from './nag-finding';

export interface ControlDatabaseSetupProps {
  stage: string;
  cluster: rds.DatabaseCluster;
  adminSecret: secretsmanager.ISecret;
  controlAppSecret: secretsmanager.ISecret;
  controlDatabaseName: string;
  apexUrl?: string;
  superadminEmail?: string;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * Runs on deploy (a CloudFormation custom resource): migrates the control database, refreshes the login
 * the request functions use, and invites the first superadmin. It is the only function here that reads
 * the cluster admin secret. It runs again whenever a control migration file changes.
 */
export class ControlDatabaseSetup extends Construct {
  readonly fn: ApiFunction;

  constructor(scope: Construct, id: string, props: ControlDatabaseSetupProps) {
    super(scope, id);
    this.fn = new ApiFunction(this, 'Function', {
      entry: 'functions/deploy/prepare-control-lambda.ts',
      description: `Orchestra System ${props.stage}: migrates the control database on deploy`,
      environment: { STAGE: props.stage, BASE_DOMAIN: props.apexUrl?.replace(/^https:\/\//, '') ?? 'example.com', LOG_LEVEL: 'INFO' },
      // An Aurora cluster resuming from zero capacity can take most of a minute before the first statement.
      timeout: Duration.minutes(5),
      copyIntoBundle: ['migrations'],
      logRemovalPolicy: props.logRemovalPolicy,
    });
    grantDataApi(this.fn.role, props.cluster);
    props.adminSecret.grantRead(this.fn.role);
    props.controlAppSecret.grantRead(this.fn.role);
    this.fn
      .setEnvironment('DB_CLUSTER_ARN', props.cluster.clusterArn)
      .setEnvironment('CLUSTER_ADMIN_SECRET_ARN', props.adminSecret.secretArn)
      .setEnvironment('CONTROL_APP_SECRET_ARN', props.controlAppSecret.secretArn)
      .setEnvironment('CONTROL_DB_NAME', props.controlDatabaseName)
      .setEnvironment('MIGRATIONS_DIR', 'migrations');

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: this.fn.function });
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "The custom resource provider framework's own function uses the AWS managed basic-execution policy; it only relays CloudFormation events to our function.",
      },
      {
        id: wildcardResourceFinding(this, `${this.fn.function.functionArn}:*`),
        reason: "The provider framework grants itself invoke on our function's versions (function ARN with :*); it is CDK's own construct.",
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The provider framework picks its own runtime for its relay function; our functions run the latest Node.js runtime (24).',
      },
    );

    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::OrchestraControlDatabase',
      properties: {
        MigrationsHash: controlMigrationsHash(),
        ApexUrl: props.apexUrl ?? '',
        ...(props.superadminEmail ? { SuperadminEmail: props.superadminEmail } : {}),
      },
    });
  }
}

/** Hash of the control migrations: a changed or added file changes it, so CloudFormation runs the step again. */
export function controlMigrationsHash(): string {
  const dir = path.join(projectRoot, 'migrations', 'control');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(dir, file)));
  }
  return hash.digest('hex');
}
