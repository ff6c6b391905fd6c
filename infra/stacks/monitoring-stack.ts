import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { metricsNamespace, tickMetricNames } from '../../shared/app/jobs/tick-metrics';
import type { ApiFunction } from '../constructs/api-function';
import type { StageConfig } from '../stage-config';
import type { ApiStack } from './api-stack';
import type { JobsStack } from './jobs-stack';
import type { WorkflowsStack } from './workflows-stack';

export interface MonitoringStackProps extends StackProps {
  config: StageConfig;
  api: ApiStack;
  jobs: JobsStack;
  workflows: WorkflowsStack;
}

/** Thresholds in one place, so the operator's runbook and the alarms agree. */
export const alarmThresholds = {
  /** Share of API requests answered 5xx over 5 minutes. */
  apiServerErrorRate: 0.05,
  /** Function errors in 5 minutes. */
  functionErrors: 5,
  /** Any throttle is worth a look: it means concurrency ran out. */
  functionThrottles: 1,
  /** Emails waiting after three ticks in a row. */
  outboxBacklog: 500,
  /** Orchestras whose tick work failed, three ticks in a row. */
  tickOrchestraErrors: 1,
};

/**
 * What the operator watches: an alarm topic (optionally mailed to `alarmEmail`), alarms on the API's 5xx
 * rate, on every function's errors and throttles, on the outbox backlog and on failing tick work, and one
 * dashboard with the same figures.
 */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, api, jobs, workflows } = props;

    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Orchestra System ${config.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic.
    key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Alarms', {
      topicName: `orchestra-system-${config.stage}-alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, { ...props, alarmName: `orchestra-system-${config.stage}-${props.alarmName}` });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const period = Duration.minutes(5);
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, errors / requests, 0)',
      usingMetrics: {
        errors: api.httpApi.metricServerError({ period, statistic: 'Sum' }),
        requests: api.httpApi.metricCount({ period, statistic: 'Sum' }),
      },
      label: 'API 5xx rate',
      period,
    });
    alarm('ApiServerErrorRate', {
      alarmName: 'api-5xx-rate',
      alarmDescription: `More than ${alarmThresholds.apiServerErrorRate * 100} % of API requests answered 5xx in 5 minutes.`,
      metric: serverErrorRate,
      threshold: alarmThresholds.apiServerErrorRate,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // The mail-feedback function marks bounced addresses; if it fails, admins keep mailing dead addresses.
    const functions: [string, ApiFunction][] = [...Object.entries(api.functions), ['tick', jobs.tick], ['mail-feedback', jobs.mailFeedback.fn]];
    for (const [name, fn] of functions) {
      alarm(`${pascal(name)}Errors`, {
        alarmName: `${name}-errors`,
        alarmDescription: `The ${name} function failed ${alarmThresholds.functionErrors} times or more in 5 minutes.`,
        metric: fn.function.metricErrors({ period, statistic: 'Sum' }),
        threshold: alarmThresholds.functionErrors,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`${pascal(name)}Throttles`, {
        alarmName: `${name}-throttles`,
        alarmDescription: `The ${name} function was throttled: concurrency ran out.`,
        metric: fn.function.metricThrottles({ period, statistic: 'Sum' }),
        threshold: alarmThresholds.functionThrottles,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const tickMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({ namespace: metricsNamespace, metricName, dimensionsMap: { Stage: config.stage }, period: Duration.minutes(1), statistic });
    alarm('OutboxBacklog', {
      alarmName: 'outbox-backlog',
      alarmDescription: `More than ${alarmThresholds.outboxBacklog} emails waiting for three minutes: delivery is stuck or SES is throttling.`,
      metric: tickMetric(tickMetricNames.backlog, 'Maximum'),
      threshold: alarmThresholds.outboxBacklog,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('TickOrchestraErrors', {
      alarmName: 'tick-orchestra-errors',
      alarmDescription: 'The tick could not work through one or more orchestras three minutes in a row (see the tick log).',
      metric: tickMetric(tickMetricNames.orchestraErrors, 'Maximum'),
      threshold: alarmThresholds.tickOrchestraErrors,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('ProvisioningFailed', {
      alarmName: 'provisioning-failed',
      alarmDescription: 'An orchestra could not be provisioned: the workflow failed (the orchestra shows the step and cause).',
      metric: workflows.provisionOrchestra.metricFailed({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('MigrationFailed', {
      alarmName: 'migration-failed',
      alarmDescription: 'A migrate-all run left one or more orchestras on their old schema (the run report names each with its error).',
      metric: workflows.migrateAll.metricFailed({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `orchestra-system-${config.stage}`,
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'API requests and 5xx', left: [api.httpApi.metricCount({ period }), api.httpApi.metricServerError({ period })], right: [serverErrorRate] }),
          new cloudwatch.GraphWidget({ title: 'API latency (p90)', left: [api.httpApi.metricLatency({ period, statistic: 'p90' })] }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Function errors', left: functions.map(([, fn]) => fn.function.metricErrors({ period })) }),
          new cloudwatch.GraphWidget({ title: 'Function throttles', left: functions.map(([, fn]) => fn.function.metricThrottles({ period })) }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Email delivery',
            left: [tickMetric(tickMetricNames.sent, 'Sum'), tickMetric(tickMetricNames.failed, 'Sum')],
            right: [tickMetric(tickMetricNames.backlog, 'Maximum')],
          }),
          // A tick that keeps running out of time defers refills and delivery minute after minute (the log line's `deferred`).
          new cloudwatch.GraphWidget({ title: 'Ticks out of time', left: [tickMetric(tickMetricNames.outOfTime, 'Sum')] }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms }),
        ],
      ],
    });
  }
}

function pascal(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
