import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localAccount, localRegion, type DeployedTemplates } from './support/contracts.js';
import {
  apiRoutes,
  customResources,
  distribution,
  lambdaPermissions,
  loadDeployedTemplates,
  scheduleTargets,
  secretArnSuffix,
  secretsToCreate,
  snsSubscriptions,
  stateMachines,
} from './support/templates/index.js';

/** The run's cloud assembly, synthesized by the tier's global setup with bundling on; read-only. */
const assemblyDir = inject('cloudAssembly');
const stackName = (short: string) => `orchestra-system-deployed-${short}`;

let templates: DeployedTemplates;
beforeAll(() => {
  templates = loadDeployedTemplates(assemblyDir);
});

/** Where in a value an intrinsic is still there (`{ Ref }` or `{ Fn::… }` with nothing else). */
function unresolvedIntrinsics(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => unresolvedIntrinsics(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return [path];
  return Object.entries(value).flatMap(([key, item]) => unresolvedIntrinsics(item, `${path}.${key}`));
}

function resource(stack: string, logicalIdPrefix: string) {
  const found = Object.values(templates.stacks[stackName(stack)].resources).filter((r) => r.logicalId.startsWith(logicalIdPrefix));
  expect(found, `${stack}/${logicalIdPrefix}*`).toHaveLength(1);
  return found[0];
}

/** Every Task state's Resource in an ASL definition, through Parallel branches and Map processors. */
function taskResources(states: Record<string, any>): string[] {
  return Object.values(states).flatMap((state: any) => [
    ...(state.Type === 'Task' ? [state.Resource] : []),
    ...(state.Branches ?? []).flatMap((branch: any) => taskResources(branch.States)),
    ...(state.ItemProcessor ? taskResources(state.ItemProcessor.States) : []),
    ...(state.Iterator ? taskResources(state.Iterator.States) : []),
  ]);
}

describe('the deployed cloud assembly, resolved', () => {
  it('reads every stack of the manifest', () => {
    expect(Object.keys(templates.stacks).sort()).toEqual(
      ['api', 'data', 'edge-firewall', 'jobs', 'monitoring', 'web', 'workflows'].map(stackName).sort(),
    );
  });

  it('leaves no intrinsic unresolved in any property, output, ref or attribute', () => {
    const leftovers = Object.values(templates.stacks).flatMap((stack) => [
      ...Object.values(stack.resources).flatMap((r) => unresolvedIntrinsics(r, `${stack.name}/${r.logicalId}`)),
      ...unresolvedIntrinsics(stack.outputs, `${stack.name}/Outputs`),
    ]);
    expect(leftovers).toEqual([]);
    const strings = JSON.stringify(templates.stacks);
    expect(strings).not.toContain('${AWS::');
    expect(strings).not.toContain('[object Object]');
  });

  it("gives the tick the data stack's cluster ARN and files bucket", () => {
    const tick = templates.functions().find((fn) => fn.logicalId.startsWith('TickFunction'))!;
    const cluster = resource('data', 'DatabaseB269');
    expect(cluster.type).toBe('AWS::RDS::DBCluster');
    expect(tick.environment.DB_CLUSTER_ARN).toMatch(/^arn:aws:rds:eu-north-1:111111111111:cluster:[a-z][a-z0-9-]{0,62}$/);
    expect(tick.environment.DB_CLUSTER_ARN).toBe(cluster.attributes.DBClusterArn);
    expect(tick.environment.FILES_BUCKET).toBe(resource('data', 'Files8E69').ref);
  });

  it("resolves Fn::ImportValue to the exporting stack's value", () => {
    const system = templates.functions().find((fn) => fn.logicalId.startsWith('SystemFunction'))!;
    expect(system.environment.TENANT_ROLE_ARN).toBe(`arn:aws:iam::${localAccount}:role/orchestra-system-deployed-tenant`);
    expect(system.environment.CONTROL_DB_SECRET_ARN).toBe(resource('data', 'ControlAppLogin').ref);
    const api = resource('api', 'HttpApiF5A9A8A7');
    const apiOrigin = distribution(templates).origins.find((origin) => origin.kind === 'custom')!;
    expect(apiOrigin.domainName).toBe(`${api.ref}.execute-api.${localRegion}.amazonaws.com`);
  });

  it('shapes names and ARNs as AWS does, the same on every load', () => {
    const again = loadDeployedTemplates(assemblyDir);
    expect(JSON.stringify(again.stacks)).toBe(JSON.stringify(templates.stacks));
    for (const fn of templates.functions()) {
      expect(fn.functionName.length).toBeLessThanOrEqual(64);
      expect(fn.arn).toBe(`arn:aws:lambda:${localRegion}:${localAccount}:function:${fn.functionName}`);
      expect(fn.roleArn).toMatch(/^arn:aws:iam::111111111111:role\/[\w+=,.@-]{1,64}$/);
    }
    for (const bucket of templates.resourcesOfType('AWS::S3::Bucket')) {
      expect(bucket.ref).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
      expect(bucket.attributes.Arn).toBe(`arn:aws:s3:::${bucket.ref}`);
    }
    for (const secret of secretsToCreate(templates)) {
      expect(secret.arn).toBe(`arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:${secret.name}-${secretArnSuffix(secret.name)}`);
      expect(secretArnSuffix(secret.name)).toMatch(/^[A-Za-z0-9]{6}$/);
    }
    const logs = templates.resourcesOfType('AWS::Logs::LogGroup')[0];
    expect(logs.attributes.Arn).toBe(`arn:aws:logs:${localRegion}:${localAccount}:log-group:${logs.ref}:*`);
  });

  it('finds resources by Ref or ARN, a secret before its attachment', () => {
    const secret = resource('data', 'orchestrasystemdeployeddataDatabaseSecret');
    expect(templates.findByRefOrArn(secret.ref)?.logicalId).toBe(secret.logicalId);
    const tick = templates.functions().find((fn) => fn.logicalId.startsWith('TickFunction'))!;
    expect(templates.findByRefOrArn(tick.arn)?.logicalId).toBe(tick.logicalId);
    expect(templates.findByRefOrArn(tick.functionName)?.logicalId).toBe(tick.logicalId);
    expect(templates.findByRefOrArn('arn:aws:lambda:eu-north-1:111111111111:function:nothing')).toBeUndefined();
  });

  it("describes every function with its asset folder, handler module and Lambda's defaults", () => {
    const functions = templates.functions();
    expect(functions.length).toBe(templates.resourcesOfType('AWS::Lambda::Function').length);
    for (const fn of functions) {
      const [module] = fn.handler.split(/\.(?=[^.]+$)/);
      const extensions = fn.runtime.startsWith('python') ? ['.py'] : ['.mjs', '.js', '.cjs'];
      expect(extensions.some((ext) => existsSync(join(fn.assetDir, module + ext))), `${fn.logicalId}: ${fn.assetDir}/${module}`).toBe(true);
      expect(fn.timeoutSeconds).toBeGreaterThan(0);
      expect(Object.values(fn.environment).every((value) => typeof value === 'string')).toBe(true);
    }
  });
});

describe('readers of the resolved templates', () => {
  it("maps every API route to one of the API stack's functions", () => {
    const routes = apiRoutes(templates);
    expect(routes.length).toBe(templates.resourcesOfType('AWS::ApiGatewayV2::Route').length);
    const apiFunctions = new Set(templates.functions().filter((fn) => fn.stack === stackName('api')).map((fn) => fn.arn));
    for (const route of routes) {
      expect(apiFunctions.has(route.functionArn!), route.routeKey).toBe(true);
      expect(route.path.startsWith('/api/')).toBe(true);
      expect(`${route.method} ${route.path}`).toBe(route.routeKey);
    }
    expect(routes.some((route) => /\{[a-zA-Z]+\}/.test(route.path))).toBe(true);
  });

  it('gives the provisioning state machine a JSON definition whose Tasks are workflow functions', () => {
    const provisioning = stateMachines(templates).find((machine) => machine.name.endsWith('provision-orchestra'))!;
    expect(provisioning.arn).toBe(`arn:aws:states:${localRegion}:${localAccount}:stateMachine:${provisioning.name}`);
    expect(provisioning.definition).not.toMatch(/\$\{[A-Za-z]+\}/);
    const definition = JSON.parse(provisioning.definition);
    const workflowFunctions = new Set(templates.functions().filter((fn) => fn.stack === stackName('workflows')).map((fn) => fn.arn));
    const resources = taskResources(definition.States);
    expect(resources.length).toBeGreaterThan(3);
    for (const arn of resources) expect(workflowFunctions.has(arn), arn).toBe(true);
  });

  it('reads the schedule, the SNS subscription and the invoke permissions', () => {
    const tick = templates.functions().find((fn) => fn.logicalId.startsWith('TickFunction'))!;
    const [rule] = scheduleTargets(templates);
    expect(rule.scheduleExpression).toBe('rate(1 minute)');
    expect(rule.targets).toEqual([{ id: 'Target0', arn: tick.arn, retryPolicy: { MaximumRetryAttempts: 0 } }]);
    const feedback = templates.functions().find((fn) => fn.logicalId.startsWith('MailFeedbackFunction'))!;
    const topic = resource('jobs', 'MailFeedbackTopic7A5E');
    expect(snsSubscriptions(templates)).toContainEqual(expect.objectContaining({ topicArn: topic.ref, protocol: 'lambda', endpoint: feedback.arn }));
    const permissions = lambdaPermissions(templates);
    const arns = new Set(templates.functions().map((fn) => fn.arn));
    expect(permissions.every((permission) => arns.has(permission.functionArn))).toBe(true);
    expect(permissions).toContainEqual(expect.objectContaining({ functionArn: tick.arn, principal: 'events.amazonaws.com', sourceArn: rule.arn }));
  });

  it('sends custom resources their properties as CloudFormation does: strings, ServiceToken included', () => {
    const [control, deployment] = ['Custom::OrchestraControlDatabase', 'Custom::CDKBucketDeployment'].map(
      (type) => customResources(templates).find((custom) => custom.type === type)!,
    );
    expect(templates.findByRefOrArn(control.serviceToken)?.type).toBe('AWS::Lambda::Function');
    expect(control.properties.ServiceToken).toBe(control.serviceToken);
    expect(control.properties.SuperadminEmail).toBe('operator@orchestra.test');
    expect(deployment.properties.Prune).toBe('true');
    expect(control.stackId).toMatch(/^arn:aws:cloudformation:eu-north-1:111111111111:stack\/orchestra-system-deployed-data\/[0-9a-f-]{36}$/);
  });

  it('reads the distribution with its behaviours, function code and the web app folder', () => {
    const web = distribution(templates);
    expect(web.defaultRootObject).toBe('index.html');
    expect(web.aliases).toContain('orchestra.test');
    const api = web.behaviors.find((behavior) => behavior.pathPattern === '/api/*')!;
    expect(api.functionAssociations[0].code).toContain('x-forwarded-host');
    expect(web.defaultBehavior.functionAssociations[0].code).toContain('index.html');
    expect(web.webAssetDirs).toHaveLength(1);
    expect(existsSync(join(web.webAssetDirs[0], 'index.html'))).toBe(true);
  });

  it('lists the secrets to create with how AWS would generate them and what the cluster attachment adds', () => {
    const secrets = secretsToCreate(templates);
    // The cluster's admin login, the control database's login, the session key and CloudFront's origin secret.
    expect(secrets).toHaveLength(4);
    expect(secrets.find((secret) => secret.name === 'orchestra-system/deployed/origin-verify')).toBeDefined();
    const admin = secrets.find((secret) => secret.targetAttachment)!;
    expect(admin.generateSecretString).toMatchObject({ GenerateStringKey: 'password', PasswordLength: 30 });
    const cluster = resource('data', 'DatabaseB269');
    expect(admin.targetAttachment!.fields).toEqual({
      engine: 'postgres',
      host: cluster.attributes['Endpoint.Address'],
      port: 5432,
      dbClusterIdentifier: cluster.ref,
    });
    expect(admin.tags).toMatchObject({ project: 'orchestra-system' });
  });
});

describe('templates CloudFormation would refuse', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A cloud assembly of the given stacks (name → template), without assets. */
  function assembly(stacks: Record<string, object>): string {
    const dir = mkdtempSync(join(tmpdir(), 'deployed-templates-'));
    dirs.push(dir);
    const artifacts: Record<string, object> = {};
    for (const [name, template] of Object.entries(stacks)) {
      writeFileSync(join(dir, `${name}.template.json`), JSON.stringify(template));
      artifacts[name] = { type: 'aws:cloudformation:stack', properties: { templateFile: `${name}.template.json` } };
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
    return dir;
  }
  const topic = (properties: object) => ({ Type: 'AWS::SNS::Topic', Properties: properties });

  it('names a Ref to a missing resource', () => {
    const dir = assembly({ one: { Resources: { Alerts: topic({ DisplayName: { Ref: 'Missing' } }) } } });
    expect(() => loadDeployedTemplates(dir)).toThrow(/one.*Unresolved resource dependencies \[Missing \(in Alerts\)\]/);
  });

  it('names the resources of a dependency cycle', () => {
    const dir = assembly({
      one: { Resources: { A: topic({ DisplayName: { Ref: 'B' } }), B: topic({ DisplayName: { 'Fn::GetAtt': ['A', 'TopicName'] } }), C: topic({}) } },
    });
    expect(() => loadDeployedTemplates(dir)).toThrow('one: Circular dependency between resources: [A, B]');
  });

  it('names a cycle that runs through exports of two stacks', () => {
    const dir = assembly({
      one: {
        Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::ImportValue': 'two-name' } } } },
        Outputs: { Name: { Value: { Ref: 'Bucket' }, Export: { Name: 'one-name' } } },
      },
      two: { Resources: { T: topic({}) }, Outputs: { Name: { Value: { 'Fn::ImportValue': 'one-name' }, Export: { Name: 'two-name' } } } },
    });
    // The chain starts wherever resolution entered the cycle; every link of it is named.
    expect(() => loadDeployedTemplates(dir)).toThrow(/^Circular dependency: /);
    const message = (() => {
      try {
        loadDeployedTemplates(dir);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const links = ['one/Bucket.Ref → one/Bucket.Properties.BucketName', 'BucketName → export:two-name', 'export:two-name → two/Outputs.Name', 'two/Outputs.Name → export:one-name', 'export:one-name → one/Outputs.Name', 'one/Outputs.Name → one/Bucket.Ref'];
    for (const link of links) expect(message).toContain(link);
  });

  it('resolves forward references, Fn::Sub, Fn::If and Fn::Select in any order', () => {
    const dir = assembly({
      one: {
        Parameters: { Env: { Type: 'String', Default: 'prod' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
        Resources: {
          First: topic({
            DisplayName: { 'Fn::Sub': ['${Queue.Arn}|${AWS::Region}|${!Literal}|${X}', { X: { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b'] }] } }] },
            TopicName: { 'Fn::If': ['IsProd', 'first-prod', { Ref: 'OnlyInDev' }] },
            Tags: [{ Key: 'k', Value: { 'Fn::Base64': 'hi' } }, { Ref: 'AWS::NoValue' }],
          }),
          Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Join': ['-', [{ Ref: 'Env' }, 'jobs']] } } },
          OnlyInDev: { Type: 'AWS::SQS::Queue', Condition: 'IsDev' },
        },
      },
    });
    const loaded = loadDeployedTemplates(dir);
    const first = loaded.stacks.one.resources.First;
    expect(first.properties.DisplayName).toBe('arn:aws:sqs:eu-north-1:111111111111:prod-jobs|eu-north-1|${Literal}|b');
    expect(first.ref).toBe('arn:aws:sns:eu-north-1:111111111111:first-prod');
    expect(first.properties.Tags).toEqual([{ Key: 'k', Value: 'aGk=' }]);
    expect(loaded.stacks.one.resources.OnlyInDev).toBeUndefined();
    expect(loaded.stacks.one.resources.Queue.ref).toBe('https://sqs.eu-north-1.amazonaws.com/111111111111/prod-jobs');
  });

  it('names an attribute the resource type does not have', () => {
    const dir = assembly({ one: { Resources: { A: topic({}), B: topic({ DisplayName: { 'Fn::GetAtt': ['A', 'Arn'] } }) } } });
    expect(() => loadDeployedTemplates(dir)).toThrow(/one\/B\.Properties\.DisplayName\.Fn::GetAtt: .*AWS::SNS::Topic has no attribute "Arn".*TopicArn/);
  });
});
