import { describe, expect, inject, it } from 'vitest';
import { AccessDeniedError, type Principal, type ResolvedResource } from './support/contracts.js';
import { createAuthorizer, createCredentialIssuer, policiesFromTemplates } from './support/iam/index.js';
import { loadDeployedTemplates } from './support/templates/load-deployed-templates.js';

// Resolved copies of resources from /tmp/deployed-cdk.out (data and jobs stacks), intrinsics replaced by local values.
const account = '111111111111';
const region = 'eu-north-1';
const tenantRoleArn = `arn:aws:iam::${account}:role/orchestra-system-deployed-tenant`;
const tickRoleArn = `arn:aws:iam::${account}:role/orchestra-system-deployed-jobs-TickFunctionRole7ADFF-ABCDEFGHIJKL`;
const otherRoleArn = `arn:aws:iam::${account}:role/orchestra-system-deployed-api-AuthFunctionRole3F89-MNOPQRSTUVWX`;
const filesPolicyArn = `arn:aws:iam::${account}:policy/orchestra-system-deployed-data-FilesObjectAccess9C03654E-QWERTYUIOPAS`;
const secretArn = (id: string) => `arn:aws:secretsmanager:${region}:${account}:secret:orchestra-system/deployed/orchestras/${id}-AbCdEf`;
const clusterArn = `arn:aws:rds:${region}:${account}:cluster:orchestra-system-deployed-data-databaseb269d8bb-abcdefghijkl`;
const filesBucket = 'orchestra-system-deployed-data-files8e6940b8-abcdefghijkl';
const configurationSet = 'MailFeedbackConfigurationSetDF08258E-AbCdEfGhIjKl';

const lambdaTrust = { Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] };
const resource = (stack: string, logicalId: string, type: string, properties: Record<string, any>, ref: string, attributes: Record<string, string> = {}): ResolvedResource => ({
  stack: `orchestra-system-deployed-${stack}`,
  logicalId,
  type,
  properties,
  ref,
  attributes,
});

const fixtures: ResolvedResource[] = [
  resource('data', 'TenantRole474D4A5B', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` } }], Version: '2012-10-17' },
    RoleName: 'orchestra-system-deployed-tenant',
    Tags: [{ Key: 'project', Value: 'orchestra-system' }, { Key: 'stage', Value: 'deployed' }],
  }, 'orchestra-system-deployed-tenant', { Arn: tenantRoleArn, RoleId: 'AROATENANTROLE0000001' }),
  resource('data', 'TenantRoleDefaultPolicyB0374569', 'AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        {
          Action: 'secretsmanager:GetSecretValue',
          Condition: { StringEquals: { 'secretsmanager:ResourceTag/orchestra-id': '${aws:PrincipalTag/orchestra-id}' } },
          Effect: 'Allow',
          Resource: `arn:aws:secretsmanager:${region}:${account}:secret:orchestra-system/deployed/orchestras/*`,
          Sid: 'ReadOnlyTheSessionOrchestraSecret',
        },
        { Action: ['rds-data:ExecuteStatement', 'rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'], Effect: 'Allow', Resource: clusterArn, Sid: 'UseTheDataApi' },
      ],
      Version: '2012-10-17',
    },
    PolicyName: 'TenantRoleDefaultPolicyB0374569',
    Roles: ['orchestra-system-deployed-tenant'],
  }, 'orches-Tenan-ABCDEFGHIJKL'),
  resource('data', 'FilesObjectAccess9C03654E', 'AWS::IAM::ManagedPolicy', {
    Description: 'Orchestra System deployed: read, write and delete project files',
    Path: '/',
    PolicyDocument: { Statement: [{ Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Effect: 'Allow', Resource: `arn:aws:s3:::${filesBucket}/*` }], Version: '2012-10-17' },
  }, filesPolicyArn, { PolicyArn: filesPolicyArn }),
  resource('data', 'FilesPolicyCFAB4773', 'AWS::S3::BucketPolicy', {
    Bucket: filesBucket,
    PolicyDocument: {
      Statement: [
        { Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: [`arn:aws:s3:::${filesBucket}`, `arn:aws:s3:::${filesBucket}/*`] },
        { Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: [`arn:aws:s3:::${filesBucket}`, `arn:aws:s3:::${filesBucket}/*`] },
      ],
      Version: '2012-10-17',
    },
  }, 'orches-Files-ABCDEFGHIJKL'),
  resource('jobs', 'TickFunctionRole7ADFF55B', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: lambdaTrust,
    Description: 'Runs functions/jobs/tick-lambda.ts',
    ManagedPolicyArns: [filesPolicyArn],
    Tags: [{ Key: 'project', Value: 'orchestra-system' }, { Key: 'stage', Value: 'deployed' }],
  }, tickRoleArn.split('/').pop()!, { Arn: tickRoleArn, RoleId: 'AROATICKROLE000000001' }),
  resource('jobs', 'TickFunctionRoleDefaultPolicy8DD3DA37', 'AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: `arn:aws:logs:${region}:${account}:log-group:orchestra-system-deployed-jobs-TickFunctionLogs-AbC:*` },
        { Action: ['rds-data:ExecuteStatement', 'rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'], Effect: 'Allow', Resource: clusterArn, Sid: 'UseTheDataApi' },
        { Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringLike: { 'aws:RequestTag/orchestra-id': '?*' } }, Effect: 'Allow', Resource: tenantRoleArn, Sid: 'AssumeTenantRoleForOneOrchestra' },
        {
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@orchestra.test' } },
          Effect: 'Allow',
          Resource: [`arn:aws:ses:${region}:${account}:identity/*`, `arn:aws:ses:${region}:${account}:configuration-set/${configurationSet}`],
          Sid: 'SendMailAsConfiguredSender',
        },
      ],
      Version: '2012-10-17',
    },
    PolicyName: 'TickFunctionRoleDefaultPolicy8DD3DA37',
    Roles: [tickRoleArn.split('/').pop()!],
  }, 'orches-TickF-ABCDEFGHIJKL'),
  // A role with no grant on the tenant role, and an explicit Deny next to an Allow.
  resource('api', 'AuthFunctionRole3F896BB7', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: lambdaTrust,
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    Policies: [{
      PolicyName: 'DenyDeletingFiles',
      PolicyDocument: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${filesBucket}/*` },
        { Sid: 'NeverDeleteFiles', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ] },
    }],
  }, otherRoleArn.split('/').pop()!, { Arn: otherRoleArn }),
  resource('jobs', 'TickScheduleAllowEventRuleorchestrasystemdeployedjobsTickFunction09A7095268CAE6E6', 'AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: `arn:aws:lambda:${region}:${account}:function:orchestra-system-deployed-jobs-TickFunctionD38550DD-AbCdEfGhIjKl`,
    Principal: 'events.amazonaws.com',
    SourceArn: `arn:aws:events:${region}:${account}:rule/orchestra-system-deployed-jobs-TickScheduleC4A56CA6-AbCdEfGhIjKl`,
  }, 'perm-1'),
  resource('api', 'HttpApiGETapihealthApiPermission', 'AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: `arn:aws:lambda:${region}:${account}:function:orchestra-system-deployed-api-SystemFunction-AbCdEf`,
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${region}:${account}:a1b2c3d4e5/*/*/*`,
  }, 'perm-2'),
];

const tickFunction: Principal = {
  roleArn: tickRoleArn,
  arn: `arn:aws:sts::${account}:assumed-role/${tickRoleArn.split('/').pop()}/orchestra-system-deployed-jobs-TickFunction`,
  sessionTags: {},
  label: 'orchestra-system-deployed-jobs/TickFunctionD38550DD',
};
const tenantSession = (orchestraId: string): Principal => ({
  roleArn: tenantRoleArn,
  arn: `arn:aws:sts::${account}:assumed-role/orchestra-system-deployed-tenant/orchestra-${orchestraId}`,
  sessionTags: { 'orchestra-id': orchestraId },
  label: `orchestra-system-deployed-tenant/orchestra-${orchestraId} (assumed by tick)`,
});
const authFunction: Principal = { roleArn: otherRoleArn, arn: otherRoleArn, sessionTags: {}, label: 'orchestra-system-deployed-api/AuthFunction' };

function newAuthorizer() {
  return createAuthorizer(policiesFromTemplates(fixtures));
}
const secretTags = (id: string) => ({ 'secretsmanager:ResourceTag/orchestra-id': id, 'aws:ResourceTag/orchestra-id': id });

describe('deployed tier IAM', () => {
  it("lets orchestra A's session read A's secret and denies B's, naming the failed condition", async () => {
    const authorizer = newAuthorizer();
    await authorizer.authorize({ principal: tenantSession('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('a'), context: secretTags('a') });
    const denied = authorizer.authorize({ principal: tenantSession('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('b'), context: secretTags('b') });
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedError);
    const [denial] = authorizer.denials();
    expect(authorizer.decisions).toHaveLength(2);
    expect(denial!.explanation).toContain("no statement in role orchestra-system-deployed-tenant's policies allows secretsmanager:GetSecretValue on " + secretArn('b'));
    expect(denial!.explanation).toContain(
      "statement ReadOnlyTheSessionOrchestraSecret (policy TenantRoleDefaultPolicyB0374569 (orchestra-system-deployed-data/TenantRoleDefaultPolicyB0374569)) matched the action and resource but its condition StringEquals secretsmanager:ResourceTag/orchestra-id = ${aws:PrincipalTag/orchestra-id} (= 'a') failed against 'b'",
    );
    expect(denial!.explanation.startsWith(tenantSession('a').label)).toBe(true);
  });

  it('judges the secret by its tag even when the endpoint passes only the secretsmanager: key', async () => {
    const authorizer = newAuthorizer();
    await authorizer.authorize({ principal: tenantSession('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('a'), context: { 'secretsmanager:ResourceTag/orchestra-id': 'a' } });
    await expect(authorizer.authorize({ principal: tenantSession('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('x'), context: {} })).rejects.toThrow(
      /failed: the request has no secretsmanager:ResourceTag\/orchestra-id/,
    );
  });

  it('lets the tick assume the tenant role only with an orchestra-id request tag; trust and identity must both allow', async () => {
    const authorizer = newAuthorizer();
    const tagged = { 'aws:RequestTag/orchestra-id': 'a', 'aws:TagKeys': ['orchestra-id'], 'sts:RoleSessionName': 'orchestra-a' };
    await authorizer.authorize({ principal: tickFunction, action: 'sts:AssumeRole', resource: tenantRoleArn, context: tagged });
    await authorizer.authorize({ principal: tickFunction, action: 'sts:TagSession', resource: tenantRoleArn, context: tagged });
    expect(authorizer.decisions[0]!.explanation).toContain('AssumeTenantRoleForOneOrchestra');
    expect(authorizer.decisions[0]!.explanation).toContain("role orchestra-system-deployed-tenant's trust policy trusts the account");

    await expect(authorizer.authorize({ principal: tickFunction, action: 'sts:AssumeRole', resource: tenantRoleArn, context: { 'sts:RoleSessionName': 'x1' } })).rejects.toThrow(
      /AssumeTenantRoleForOneOrchestra .* its condition StringLike aws:RequestTag\/orchestra-id = \?\* failed: the request has no aws:RequestTag\/orchestra-id/,
    );
    // The trust policy names the account root: that delegates to the caller's identity policy, which the auth role lacks.
    await expect(authorizer.authorize({ principal: authFunction, action: 'sts:AssumeRole', resource: tenantRoleArn, context: tagged })).rejects.toThrow(
      /no statement in role orchestra-system-deployed-api-AuthFunctionRole3F89-MNOPQRSTUVWX's policies allows sts:AssumeRole/,
    );
    // A role whose trust names only the Lambda service trusts no role session.
    await expect(authorizer.authorize({ principal: tenantSession('a'), action: 'sts:AssumeRole', resource: tickRoleArn, context: {} })).rejects.toThrow(
      /trust policy does not let .* sts:AssumeRole; statement #1 \(the trust policy\) names the action but trusts only lambda.amazonaws.com/,
    );
  });

  it('allows a trust policy naming the caller role without any identity grant', async () => {
    const trusting = { ...fixtures[0]!, properties: { ...fixtures[0]!.properties, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: otherRoleArn } }] } } };
    const authorizer = createAuthorizer(policiesFromTemplates([trusting, ...fixtures.slice(1)]));
    await authorizer.authorize({ principal: authFunction, action: 'sts:AssumeRole', resource: tenantRoleArn, context: {} });
    await expect(authorizer.authorize({ principal: tickFunction, action: 'sts:AssumeRole', resource: tenantRoleArn, context: {} })).rejects.toThrow(AccessDeniedError);
  });

  it('allows ses:SendRawEmail only from the configured sender', async () => {
    const authorizer = newAuthorizer();
    const identity = `arn:aws:ses:${region}:${account}:identity/orchestra.test`;
    await authorizer.authorize({ principal: tickFunction, action: 'ses:SendRawEmail', resource: identity, context: { 'ses:FromAddress': 'no-reply@orchestra.test' } });
    await expect(authorizer.authorize({ principal: tickFunction, action: 'ses:SendRawEmail', resource: identity, context: { 'ses:FromAddress': 'someone@orchestra.test' } })).rejects.toThrow(
      /SendMailAsConfiguredSender .*StringEquals ses:FromAddress = no-reply@orchestra.test failed against 'someone@orchestra.test'/,
    );
  });

  it('denies an action nobody granted, and names what the closest statement covers', async () => {
    const authorizer = newAuthorizer();
    await authorizer.authorize({ principal: tickFunction, action: 's3:GetObject', resource: `arn:aws:s3:::${filesBucket}/orchestras/a/file.pdf`, context: {} });
    await expect(authorizer.authorize({ principal: tickFunction, action: 's3:ListBucket', resource: `arn:aws:s3:::${filesBucket}`, context: {} })).rejects.toThrow(
      /no statement in role .*'s policies allows s3:ListBucket on arn:aws:s3:::orchestra-system-deployed-data-files8e6940b8-abcdefghijkl \(no statement of its 2 policies names s3:ListBucket\)/,
    );
    await expect(authorizer.authorize({ principal: tenantSession('a'), action: 'rds-data:ExecuteStatement', resource: clusterArn.replace('abcdefghijkl', 'other'), context: {} })).rejects.toThrow(
      /statement UseTheDataApi .* grants rds-data:ExecuteStatement only on arn:aws:rds/,
    );
  });

  it('lets an explicit Deny win over an Allow', async () => {
    const authorizer = newAuthorizer();
    const object = `arn:aws:s3:::${filesBucket}/orchestras/a/file.pdf`;
    await authorizer.authorize({ principal: authFunction, action: 's3:PutObject', resource: object, context: {} });
    await expect(authorizer.authorize({ principal: authFunction, action: 's3:DeleteObject', resource: object, context: {} })).rejects.toThrow(
      /explicitly denied by statement NeverDeleteFiles of inline policy DenyDeletingFiles/,
    );
    // The AWS managed AWSLambdaBasicExecutionRole is embedded.
    await authorizer.authorize({ principal: authFunction, action: 'logs:CreateLogGroup', resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/x`, context: {} });
  });

  it('reports each decision to onDecision', async () => {
    const seen: boolean[] = [];
    const authorizer = createAuthorizer(policiesFromTemplates(fixtures), { onDecision: (d) => seen.push(d.allowed) });
    await authorizer.authorize({ principal: tickFunction, action: 'rds-data:ExecuteStatement', resource: clusterArn, context: {} });
    await authorizer.authorize({ principal: tickFunction, action: 'rds-data:ExecuteStatement', resource: `${clusterArn}x`, context: {} }).catch(() => {});
    expect(seen).toEqual([true, false]);
    expect(authorizer.denials()).toHaveLength(1);
  });

  it('knows which services may invoke which function', () => {
    const source = policiesFromTemplates(fixtures);
    const tick = `arn:aws:lambda:${region}:${account}:function:orchestra-system-deployed-jobs-TickFunctionD38550DD-AbCdEfGhIjKl`;
    const rule = `arn:aws:events:${region}:${account}:rule/orchestra-system-deployed-jobs-TickScheduleC4A56CA6-AbCdEfGhIjKl`;
    expect(source.lambdaInvokeAllowed(tick, 'events.amazonaws.com', rule)).toBe(true);
    expect(source.lambdaInvokeAllowed(tick, 'events.amazonaws.com', rule + 'X')).toBe(false);
    expect(source.lambdaInvokeAllowed(tick, 'sns.amazonaws.com', rule)).toBe(false);
    const system = `arn:aws:lambda:${region}:${account}:function:orchestra-system-deployed-api-SystemFunction-AbCdEf`;
    expect(source.lambdaInvokeAllowed(system, 'apigateway.amazonaws.com', `arn:aws:execute-api:${region}:${account}:a1b2c3d4e5/$default/GET/api/health`)).toBe(true);
    expect(source.lambdaInvokeAllowed(system, 'apigateway.amazonaws.com', `arn:aws:execute-api:${region}:${account}:zzzz/$default/GET/api/health`)).toBe(false);
  });

  it('gathers a role’s policies: Policy by Roles, managed by ARN, AWS managed, trust', () => {
    const source = policiesFromTemplates(fixtures);
    const tick = source.role(tickRoleArn)!;
    expect(tick.identityPolicies.map((p) => p.name)).toEqual(['TickFunctionRoleDefaultPolicy8DD3DA37', filesPolicyArn]);
    expect(source.role(otherRoleArn)!.identityPolicies.map((p) => p.name)).toEqual(['DenyDeletingFiles', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    expect(source.resourcePolicy(`arn:aws:s3:::${filesBucket}/a/b`)?.description).toContain('bucket policy');
    expect(source.role(tenantRoleArn)!.tags).toEqual({ project: 'orchestra-system', stage: 'deployed' });
  });
});

describe('credential issuer', () => {
  it('issues unique ASIA keys with a secret and a session token, and forgets expired sessions', () => {
    let now = new Date('2026-12-07T12:00:00Z');
    const issuer = createCredentialIssuer({ now: () => now });
    const fn = issuer.issue(tickFunction);
    const session = issuer.issue(tenantSession('a'), { durationSeconds: 900 });
    for (const c of [fn, session]) {
      expect(c.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(c.secretAccessKey.length).toBe(40);
      expect(c.sessionToken).toBeTruthy();
    }
    expect(fn.accessKeyId).not.toBe(session.accessKeyId);
    expect(session.expiration).toEqual(new Date('2026-12-07T12:15:00Z'));
    expect(issuer.lookup(session.accessKeyId)?.principal.sessionTags).toEqual({ 'orchestra-id': 'a' });
    expect(issuer.lookup('ASIAUNKNOWNKEY000000')).toBeUndefined();
    now = new Date('2026-12-07T12:15:00Z');
    expect(issuer.lookup(session.accessKeyId)).toBeUndefined();
    expect(issuer.lookup(fn.accessKeyId)?.principal).toBe(tickFunction);
  });
});

describe('IAM from the synthesized templates', () => {
  // The cloud assembly the tier's globalSetup synthesizes.
  const assemblyDir = inject('cloudAssembly');
  const templates = loadDeployedTemplates(assemblyDir);
  const resources = Object.values(templates.stacks).flatMap((stack) => Object.values(stack.resources));
  const source = policiesFromTemplates(resources);
  const roleOf = (prefix: string) => templates.resourcesOfType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(prefix))!;
  const tenant = roleOf('TenantRole').attributes.Arn!;
  const tickRole = roleOf('TickFunctionRole').attributes.Arn!;
  const tick: Principal = { roleArn: tickRole, arn: tickRole, sessionTags: {}, label: 'jobs/TickFunction' };

  it('finds every policy every role attaches', () => {
    for (const role of templates.resourcesOfType('AWS::IAM::Role')) {
      const policies = source.role(role.attributes.Arn!)!;
      expect(policies.identityPolicies.length, role.logicalId).toBeGreaterThan(0);
      expect(policies.unresolvedManagedPolicyArns, role.logicalId).toEqual([]);
    }
  });

  it('keeps orchestra sessions apart (secrets and files), lets the tick assume the tenant role with a tag and send as the configured sender', async () => {
    const authorizer = createAuthorizer(source);
    const session = (id: string): Principal => ({ roleArn: tenant, arn: `arn:aws:sts::${account}:assumed-role/${tenant.split('/').pop()}/o-${id}`, sessionTags: { 'orchestra-id': id }, label: `tenant/${id}` });
    await authorizer.authorize({ principal: session('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('a'), context: secretTags('a') });
    await expect(authorizer.authorize({ principal: session('a'), action: 'secretsmanager:GetSecretValue', resource: secretArn('b'), context: secretTags('b') })).rejects.toThrow(
      /ReadOnlyTheSessionOrchestraSecret .* failed against 'b'/,
    );
    // Files the same way: the session's own prefix in the files bucket, nothing else.
    const filesBucket = templates.resourcesOfType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('Files'))!.ref;
    await authorizer.authorize({ principal: session('a'), action: 's3:PutObject', resource: `arn:aws:s3:::${filesBucket}/orchestras/a/projects/p/file`, context: {} });
    await expect(authorizer.authorize({ principal: session('a'), action: 's3:GetObject', resource: `arn:aws:s3:::${filesBucket}/orchestras/b/backups/x.json`, context: {} })).rejects.toThrow(AccessDeniedError);
    await authorizer.authorize({ principal: session('a'), action: 's3:ListBucket', resource: `arn:aws:s3:::${filesBucket}`, context: { 's3:prefix': 'orchestras/a/backups/x.json' } });
    await expect(authorizer.authorize({ principal: session('a'), action: 's3:ListBucket', resource: `arn:aws:s3:::${filesBucket}`, context: { 's3:prefix': 'orchestras/b/' } })).rejects.toThrow(AccessDeniedError);
    // The tick itself holds no S3 grant: it reads attachments in the orchestra's session.
    await expect(authorizer.authorize({ principal: tick, action: 's3:GetObject', resource: `arn:aws:s3:::${filesBucket}/orchestras/a/projects/p/file`, context: {} })).rejects.toThrow(AccessDeniedError);
    await authorizer.authorize({ principal: tick, action: 'sts:AssumeRole', resource: tenant, context: { 'aws:RequestTag/orchestra-id': 'a' } });
    await expect(authorizer.authorize({ principal: tick, action: 'sts:AssumeRole', resource: tenant, context: {} })).rejects.toThrow(AccessDeniedError);
    const identity = `arn:aws:ses:${region}:${account}:identity/orchestra.test`;
    await authorizer.authorize({ principal: tick, action: 'ses:SendRawEmail', resource: identity, context: { 'ses:FromAddress': 'no-reply@orchestra.test' } });
    await expect(authorizer.authorize({ principal: tick, action: 'ses:SendRawEmail', resource: identity, context: { 'ses:FromAddress': 'x@orchestra.test' } })).rejects.toThrow(AccessDeniedError);
    // The tick does not sign sessions, so it holds no grant on the session key.
    const sessionKey = templates.resourcesOfType('AWS::SecretsManager::Secret').find((s) => s.logicalId.startsWith('SessionKey'))!.ref;
    await expect(authorizer.authorize({ principal: tick, action: 'secretsmanager:GetSecretValue', resource: sessionKey, context: {} })).rejects.toThrow(AccessDeniedError);
  });

  it('lets the schedule invoke the tick and nothing else invoke it', () => {
    const rule = templates.resourcesOfType('AWS::Events::Rule').find((r) => r.logicalId.startsWith('TickSchedule'))!.attributes.Arn!;
    const tickFunction = templates.functions().find((f) => f.logicalId.startsWith('TickFunction'))!.arn;
    expect(source.lambdaInvokeAllowed(tickFunction, 'events.amazonaws.com', rule)).toBe(true);
    expect(source.lambdaInvokeAllowed(tickFunction, 'sns.amazonaws.com', rule)).toBe(false);
  });
});
