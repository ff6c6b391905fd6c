import type { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestraSystemStacks } from '../../infra/orchestra-system';
import { auroraMaxConnections } from '../../infra/stacks/monitoring-stack';
import { alarmNamesBeyondTheseFive } from './added-alarms';
import { devConfig, prodConfig, removeSynthOutput, synthesizedApp } from './synth-app';

/**
 * What an operator relies on once a stage runs: alarms that notice what breaks, a tick that cannot pile up or
 * repeat itself, mail feedback that is not lost, traces, and a first deploy that says how to get a superadmin.
 */
type Resource = { Type: string; Properties?: Record<string, any> };

let dev: OrchestraSystemStacks;
let prod: OrchestraSystemStacks;
const templates = new Map<Stack, Template>();
const template = (stack: Stack) => {
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};
const resources = (stack: Stack, type: string) => Object.values(template(stack).findResources(type)) as Resource[];
const logicalIdOf = (stack: Stack, element: any) => stack.resolve(element.node.defaultChild.logicalId) as string;

beforeAll(() => {
  ({ dev, prod } = synthesizedApp());
});
afterAll(() => removeSynthOutput());

function alarm(stacks: OrchestraSystemStacks, name: string): Record<string, any> {
  const found = resources(stacks.monitoring, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties?.AlarmName === `orchestra-system-${stacks.data.node.id.split('-')[2]}-${name}`);
  expect(found, name).toHaveLength(1);
  return found[0].Properties!;
}

describe('alarms', () => {
  it('sends every added alarm to the alarm topic, in every stage', () => {
    for (const stacks of [dev, prod]) {
      const [topic] = Object.keys(template(stacks.monitoring).findResources('AWS::SNS::Topic'));
      for (const name of alarmNamesBeyondTheseFive) expect(alarm(stacks, name).AlarmActions, name).toEqual([{ Ref: topic }]);
    }
  });

  it('alarms when the tick stops running: fewer than one invocation in 5 minutes, no data counting as breaching', () => {
    expect(alarm(prod, 'tick-heartbeat')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(JSON.stringify(alarm(prod, 'tick-heartbeat').Dimensions)).toContain('TickFunction');
  });

  it('alarms on feedback events waiting in the mail-feedback failure queue', () => {
    expect(alarm(prod, 'mail-feedback-failures')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(JSON.stringify(alarm(prod, 'mail-feedback-failures').Dimensions)).toContain('MailFeedbackFailures');
  });

  it("alarms on Aurora capacity at 80 % of the stage's maximum, ACU utilisation and connections, each for 15 minutes", () => {
    for (const [stacks, config] of [[dev, devConfig], [prod, prodConfig]] as const) {
      const capacity = alarm(stacks, 'aurora-capacity');
      expect(capacity).toMatchObject({ Namespace: 'AWS/RDS', MetricName: 'ServerlessDatabaseCapacity', Statistic: 'Maximum', EvaluationPeriods: 3 });
      expect(capacity.Threshold).toBeCloseTo(0.8 * config.auroraMaxCapacity);
      expect(JSON.stringify(capacity.Dimensions)).toContain('DBClusterIdentifier');
      expect(alarm(stacks, 'aurora-acu-utilization')).toMatchObject({ Namespace: 'AWS/RDS', MetricName: 'ACUUtilization', Threshold: 80, EvaluationPeriods: 3 });
      expect(alarm(stacks, 'aurora-connections')).toMatchObject({
        Namespace: 'AWS/RDS',
        MetricName: 'DatabaseConnections',
        Threshold: Math.floor(0.8 * auroraMaxConnections(config.auroraMaxCapacity)),
      });
    }
    // 2 GiB per ACU over 9531392 bytes per connection, capped at 5000.
    expect(auroraMaxConnections(4)).toBe(901);
    expect(auroraMaxConnections(256)).toBe(5000);
  });

  it("alarms on the account's SES bounce rate from 5 % and complaint rate from 0.1 %", () => {
    expect(alarm(prod, 'ses-bounce-rate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(alarm(prod, 'ses-complaint-rate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
    // Account-level metrics carry no dimension.
    expect(alarm(prod, 'ses-bounce-rate').Dimensions).toBeUndefined();
  });

  it('alarms on timed-out and aborted executions of both state machines', () => {
    for (const [workflow, machine] of [['provisioning', prod.workflows.provisionOrchestra], ['migration', prod.workflows.migrateAll]] as const) {
      const machineId = logicalIdOf(prod.workflows, machine);
      for (const [suffix, metricName] of [['timed-out', 'ExecutionsTimedOut'], ['aborted', 'ExecutionsAborted']]) {
        const found = alarm(prod, `${workflow}-${suffix}`);
        expect(found, `${workflow}-${suffix}`).toMatchObject({ Namespace: 'AWS/States', MetricName: metricName, Threshold: 1 });
        expect(JSON.stringify(found.Dimensions), `${workflow}-${suffix}`).toContain(machineId);
      }
    }
  });

  it('alarms on API 4xx, on 429s counted from the access log, and on p95 latency', () => {
    expect(alarm(prod, 'api-4xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '4xx', Statistic: 'Sum', Threshold: 500 });
    expect(alarm(prod, 'api-latency-p95')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Latency', ExtendedStatistic: 'p95', Threshold: 3000, EvaluationPeriods: 3 });
    expect(alarm(prod, 'api-throttled')).toMatchObject({
      Namespace: 'OrchestraSystem',
      MetricName: 'ApiThrottledRequests',
      Dimensions: [{ Name: 'Stage', Value: 'prod' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    // The metric comes from a filter on the access log, whose lines carry the stage for the dimension.
    template(prod.api).hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'OrchestraSystem', MetricName: 'ApiThrottledRequests', MetricValue: '1', Dimensions: [{ Key: 'Stage', Value: '$.stage' }] })],
    });
    const [stage] = resources(prod.api, 'AWS::ApiGatewayV2::Stage');
    expect(JSON.parse(stage.Properties!.AccessLogSettings.Format)).toMatchObject({ status: '$context.status', stage: 'prod' });
  });
});

describe('tick', () => {
  it("runs at most two at once and is not retried by Lambda's own async retries", () => {
    const tickId = logicalIdOf(prod.jobs, prod.jobs.tick.function);
    const [tick] = Object.values(template(prod.jobs).findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('every-minute tick') } })) as Resource[];
    expect(tick.Properties?.ReservedConcurrentExecutions).toBe(2);
    template(prod.jobs).hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: tickId }, MaximumRetryAttempts: 0 });
  });
});

describe('mail feedback', () => {
  it('keeps failed feedback events 14 days in an encrypted, TLS-only queue, the function\'s on-failure destination', () => {
    const jobs = template(prod.jobs);
    const queueId = logicalIdOf(prod.jobs, prod.jobs.mailFeedback.failures);
    jobs.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orchestra-system-prod-mail-feedback-failures', SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    jobs.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    jobs.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(prod.jobs, prod.jobs.mailFeedback.fn.function) },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    jobs.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(prod.jobs, prod.jobs.mailFeedback.fn.role) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } })]) },
    });
  });
});

describe('tracing', () => {
  it('traces every product function with X-Ray, its role allowed to send the traces', () => {
    let traced = 0;
    for (const stacks of [dev, prod]) {
      for (const stack of [stacks.data, stacks.api, stacks.jobs, stacks.workflows]) {
        const t = template(stack);
        // Ours are the functions with the house environment; CDK's own (the custom resource provider) are not.
        for (const [id, fn] of Object.entries(t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { RUNTIME: 'aws' } } } }))) {
          expect(fn.Properties.TracingConfig, `${stack.stackName} ${id}`).toEqual({ Mode: 'Active' });
          const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
          const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`));
          expect(JSON.stringify(policies), `${stack.stackName} ${id}`).toContain('xray:PutTraceSegments');
          traced += 1;
        }
      }
    }
    expect(traced).toBeGreaterThan(20);
  });
});

describe('first superadmin', () => {
  it('warns at synth and outputs the command that invites one when the stage names none', () => {
    Annotations.fromStack(dev.jobs).hasWarning('*', Match.stringLikeRegexp('No superadminEmail.*npx cdk deploy --all -c stage=dev .*-c superadminEmail='));
    const [output] = Object.values(template(dev.jobs).findOutputs('FirstSuperadmin'));
    expect(output.Value).toMatch(/^none invited; run: npx cdk deploy --all -c stage=dev -c domainName=\S+ -c certificateArn=\S+ -c superadminEmail=you@example\.org/);
  });

  it('names the invited address instead when there is one, without a warning', () => {
    expect(Annotations.fromStack(prod.jobs).findWarning('*', Match.stringLikeRegexp('superadmin'))).toEqual([]);
    const [output] = Object.values(template(prod.jobs).findOutputs('FirstSuperadmin'));
    expect(output.Value).toContain(prodConfig.superadminEmail);
  });
});
