import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { migrateAllFunctions, type MigrateAllPlaceholder } from '../../functions/workflow/migrate-all-functions';
import { provisionOrchestraFunctions, type ProvisionOrchestraPlaceholder } from '../../functions/workflow/provision-orchestra-functions';
import { ApiFunction, grantDataApi, orchestraSecretsArn, projectRoot } from '../constructs/api-function';
import { wildcardResourceFinding } from '../constructs/nag-finding';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';
import { functionEnvironment } from './function-settings';
import { stepFunctionTimeouts } from './workflow-task-timeouts';

export interface WorkflowsStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
}

/** Steps that create or drop databases and logins: the only holders of the cluster admin secret at run time. */
const adminSteps: ProvisionOrchestraPlaceholder[] = ['CreateDatabaseFunctionArn', 'CompensateFunctionArn'];
/** Steps that read the backup a new orchestra is restored from. */
const backupReaders: ProvisionOrchestraPlaceholder[] = ['MigrateFunctionArn', 'SeedFunctionArn'];
/**
 * What each provisioning step does with orchestra secrets, and nothing more: Create writes the new one (create,
 * or replace and tag on a re-run), Migrate and Seed read it (the Data API reads it with their credentials),
 * Compensate deletes it. Validate, Activate and InviteAdmin never touch one, so they get no access to any.
 */
const orchestraSecretActions: Record<ProvisionOrchestraPlaceholder, string[]> = {
  ValidateFunctionArn: [],
  CreateDatabaseFunctionArn: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource'],
  MigrateFunctionArn: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  SeedFunctionArn: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
  ActivateFunctionArn: [],
  InviteAdminFunctionArn: [],
  CompensateFunctionArn: ['secretsmanager:DeleteSecret'],
};

/** State machine names are fixed by convention, so the API stack can name them without a cross-stack reference. */
export function workflowStateMachineName(stage: string, workflow: 'provision-orchestra' | 'migrate-all'): string {
  return `orchestra-system-${stage}-${workflow}`;
}

/**
 * The provisioning workflow: the very ASL file the local twin and the tests run
 * (infra/workflows/provision-orchestra.asl.json), its Task placeholders filled with the ARNs of one Lambda
 * per step through definitionSubstitutions.
 */
export class WorkflowsStack extends Stack {
  readonly provisionOrchestra: sfn.StateMachine;
  readonly functions: Record<ProvisionOrchestraPlaceholder, ApiFunction>;
  readonly migrateAll: sfn.StateMachine;
  readonly migrateAllFunctions: Record<MigrateAllPlaceholder, ApiFunction>;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const removal = config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const secrets = orchestraSecretsArn(this, data.orchestraSecretPrefix);
    const provisionAsl = readAsl('infra/workflows/provision-orchestra.asl.json');
    const provisionTimeouts = stepFunctionTimeouts(JSON.parse(provisionAsl));

    this.functions = Object.fromEntries(
      (Object.entries(provisionOrchestraFunctions) as [ProvisionOrchestraPlaceholder, string][]).map(([placeholder, entry]) => {
        const fn = new ApiFunction(this, pascal(entry), {
          entry: `functions/workflow/${entry}.ts`,
          description: `Orchestra System ${config.stage}: provisioning step ${entry}`,
          environment: functionEnvironment(config),
          // Derived from the Task's TimeoutSeconds in the ASL, so the two cannot drift apart.
          timeout: Duration.seconds(provisionTimeouts[placeholder]),
          copyIntoBundle: entry === 'migrate-orchestra-database' ? ['migrations'] : undefined,
          logRemovalPolicy: removal,
        });
        grantDataApi(fn.role, data.cluster);
        data.controlAppSecret.grantRead(fn.role);
        fn.setEnvironment('DB_CLUSTER_ARN', data.cluster.clusterArn)
          .setEnvironment('CONTROL_DB_SECRET_ARN', data.controlAppSecret.secretArn)
          .setEnvironment('CONTROL_DB_NAME', data.controlDatabaseName)
          .setEnvironment('ORCHESTRA_SECRET_PREFIX', data.orchestraSecretPrefix)
          // Every step's runtime names the admin secret; only the steps below may read it (IAM).
          .setEnvironment('CLUSTER_ADMIN_SECRET_ARN', data.adminSecret.secretArn)
          .setEnvironment('MIGRATIONS_DIR', 'migrations');
        if (adminSteps.includes(placeholder)) data.adminSecret.grantRead(fn.role);
        // Restoring a backup: Migrate reads its schema version, Seed its rows. They only read, and only backups.
        if (backupReaders.includes(placeholder)) fn.useFiles({ bucket: data.filesBucket, accessPolicy: data.backupsReadPolicy });
        const actions = orchestraSecretActions[placeholder];
        if (actions.length > 0) {
          fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'OrchestraSecrets', actions, resources: [secrets] }));
          Validations.of(fn).acknowledge({
            id: wildcardResourceFinding(fn, secrets),
            reason: 'Provisioning creates, reads and drops orchestra secrets that do not exist at deploy time, so only their name prefix can be named.',
          });
        }
        return [placeholder, fn];
      }),
    ) as Record<ProvisionOrchestraPlaceholder, ApiFunction>;

    this.provisionOrchestra = aslStateMachine(this, 'ProvisionOrchestra', {
      stateMachineName: workflowStateMachineName(config.stage, 'provision-orchestra'),
      definition: provisionAsl,
      functions: this.functions,
      removal,
    });

    // migrate-all: the same pattern; its steps reach the control database and orchestra databases through
    // their own secrets, never the cluster admin secret.
    const migrateAllAsl = readAsl('infra/workflows/migrate-all.asl.json');
    const migrateAllTimeouts = stepFunctionTimeouts(JSON.parse(migrateAllAsl));
    this.migrateAllFunctions = Object.fromEntries(
      (Object.entries(migrateAllFunctions) as [MigrateAllPlaceholder, string][]).map(([placeholder, entry]) => {
        const migrates = placeholder === 'MigrateOrchestraFunctionArn';
        const fn = new ApiFunction(this, pascal(entry), {
          entry: `functions/workflow/${entry}.ts`,
          description: `Orchestra System ${config.stage}: migrate-all step ${entry}`,
          environment: functionEnvironment(config),
          timeout: Duration.seconds(migrateAllTimeouts[placeholder]),
          copyIntoBundle: migrates ? ['migrations'] : undefined,
          logRemovalPolicy: removal,
        });
        grantDataApi(fn.role, data.cluster);
        data.controlAppSecret.grantRead(fn.role);
        fn.setEnvironment('DB_CLUSTER_ARN', data.cluster.clusterArn)
          .setEnvironment('CONTROL_DB_SECRET_ARN', data.controlAppSecret.secretArn)
          .setEnvironment('CONTROL_DB_NAME', data.controlDatabaseName)
          .setEnvironment('ORCHESTRA_SECRET_PREFIX', data.orchestraSecretPrefix)
          // The workflow runtime names the admin secret; IAM gives these steps no read of it.
          .setEnvironment('CLUSTER_ADMIN_SECRET_ARN', data.adminSecret.secretArn)
          .setEnvironment('MIGRATIONS_DIR', 'migrations');
        if (migrates) {
          fn.role.addToPrincipalPolicy(
            new iam.PolicyStatement({ sid: 'OrchestraSecrets', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secrets] }),
          );
          Validations.of(fn).acknowledge({
            id: wildcardResourceFinding(fn, secrets),
            reason: 'Migrating reads the secret of every orchestra, which exist only after deploy, so only their name prefix can be named.',
          });
        }
        return [placeholder, fn];
      }),
    ) as Record<MigrateAllPlaceholder, ApiFunction>;

    this.migrateAll = aslStateMachine(this, 'MigrateAll', {
      stateMachineName: workflowStateMachineName(config.stage, 'migrate-all'),
      definition: migrateAllAsl,
      functions: this.migrateAllFunctions,
      removal,
    });
    grantDistributedMap(this.migrateAll, workflowStateMachineName(config.stage, 'migrate-all'));
  }
}

/** An ASL file's very text: what is deployed is the file the local twin and the tests run. */
function readAsl(file: string): string {
  return readFileSync(path.join(projectRoot, file), 'utf8');
}

/**
 * A Distributed Map runs each item as a child execution of the state machine itself, so its role may start,
 * describe, stop and redrive its own executions (what CDK's DistributedMap grants). In a separate policy
 * named by the state machine's fixed name: the state machine depends on its role's default policy, and a
 * reference to its own ARN there would be a cycle.
 */
function grantDistributedMap(stateMachine: sfn.StateMachine, name: string): void {
  const stack = Stack.of(stateMachine);
  const policy = new iam.Policy(stateMachine, 'DistributedMapPolicy', {
    statements: [
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'],
        resources: [stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    ],
  });
  stateMachine.role.attachInlinePolicy(policy);
  Validations.of(policy).acknowledge({
    id: wildcardResourceFinding(policy, stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
    reason: 'The Distributed Map child executions are made at run time; only their state machine and Map label prefix can be named.',
  });
}

function pascal(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * A state machine from an ASL file, deployed as the file's very text (the local twin and the tests run the
 * same file), each `${Placeholder}` filled with its step function's ARN, which it may invoke.
 */
function aslStateMachine(
  scope: Construct,
  id: string,
  props: { stateMachineName: string; definition: string; functions: Record<string, ApiFunction>; removal: RemovalPolicy },
): sfn.StateMachine {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removal });
  const stateMachine = new sfn.StateMachine(scope, id, {
    stateMachineName: props.stateMachineName,
    definitionBody: sfn.DefinitionBody.fromString(props.definition),
    definitionSubstitutions: Object.fromEntries(Object.entries(props.functions).map(([placeholder, fn]) => [placeholder, fn.function.functionArn])),
    // Execution data stays out of the logs: step inputs carry email addresses.
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
  });
  for (const fn of Object.values(props.functions)) fn.function.grantInvoke(stateMachine.role);
  Validations.of(stateMachine).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch log delivery actions of the state machine have no resource-level permissions.',
    },
    ...Object.values(props.functions).map((fn) => ({
      id: wildcardResourceFinding(scope, `${fn.function.functionArn}:*`),
      reason: 'CDK grants the state machine invoke on each step function and on its versions (function ARN with :*).',
    })),
  );
  return stateMachine;
}
