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
import { apiThrottle, type ApiStack } from './api-stack';
import type { DataStack } from './data-stack';
import type { JobsStack } from './jobs-stack';
import type { WorkflowsStack } from './workflows-stack';

export interface MonitoringStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
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
  /** Fewer tick invocations than this in 5 minutes means the schedule stopped (or the function cannot start). */
  tickInvocations: 1,
  /** Aurora held at this share of auroraMaxCapacity for 15 minutes: the cluster is about to run out of room. */
  auroraCapacityShare: 0.8,
  /** ACUUtilization (% of the maximum capacity in use) for 15 minutes. */
  auroraAcuUtilizationPercent: 80,
  /** Share of the connections Aurora allows at the maximum capacity (see auroraMaxConnections). */
  auroraConnectionsShare: 0.8,
  /** SES reputation: AWS reviews an account from 5 % bounces and 0.1 % complaints. */
  sesBounceRate: 0.05,
  sesComplaintRate: 0.001,
  /** API 4xx answers in 5 minutes: far more than logins, typos and expired links make (a scan, a broken client). */
  api4xx: 500,
  /** API requests answered 429 by the API's throttle in 5 minutes. */
  apiThrottled: 1,
  /** p95 of API latency over 5 minutes, three periods in a row. */
  apiLatencyP95Ms: 3000,
};

/**
 * The connection limit Aurora PostgreSQL sets at a capacity: max_connections = LEAST(memory / 9531392, 5000) with
 * 2 GiB per ACU; Serverless v2 derives it from the maximum capacity. An estimate for the alarm, not a setting.
 */
export function auroraMaxConnections(maxCapacity: number): number {
  return Math.min(5000, Math.floor((maxCapacity * 2 * 1024 ** 3) / 9531392));
}

/**
 * What the operator watches: an alarm topic (optionally mailed to `alarmEmail`), alarms on the API's 5xx
 * rate, 4xx, 429s and latency, on every function's errors and throttles, on a tick that stopped running, on the
 * outbox backlog and failing tick work, on mail feedback that could not be recorded, on Aurora's capacity and
 * connections, on SES reputation, on workflows that failed, timed out or were aborted, and one dashboard.
 */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, data, api, jobs, workflows } = props;

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

    // Missing data is breaching: a tick that never runs publishes no Invocations at all.
    alarm('TickHeartbeat', {
      alarmName: 'tick-heartbeat',
      alarmDescription: 'The tick did not run for 5 minutes: the schedule is disabled or deleted, or the function cannot be invoked. Email and timeouts have stopped.',
      metric: jobs.tick.function.metricInvocations({ period, statistic: 'Sum' }),
      threshold: alarmThresholds.tickInvocations,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm('MailFeedbackFailures', {
      alarmName: 'mail-feedback-failures',
      alarmDescription: 'A bounce or complaint could not be recorded after retries; the event waits in the mail-feedback-failures queue (14 days).',
      metric: jobs.mailFeedback.failures.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const sustained = 3; // five-minute periods: 15 minutes
    alarm('AuroraCapacity', {
      alarmName: 'aurora-capacity',
      alarmDescription: `Aurora ran at ${alarmThresholds.auroraCapacityShare * 100} % of its maximum (${config.auroraMaxCapacity} ACU) or more for 15 minutes: raise auroraMaxCapacity or find the load.`,
      metric: data.cluster.metricServerlessDatabaseCapacity({ period, statistic: 'Maximum' }),
      threshold: alarmThresholds.auroraCapacityShare * config.auroraMaxCapacity,
      evaluationPeriods: sustained,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('AuroraAcuUtilization', {
      alarmName: 'aurora-acu-utilization',
      alarmDescription: `Aurora used ${alarmThresholds.auroraAcuUtilizationPercent} % or more of its maximum capacity for 15 minutes (ACUUtilization).`,
      metric: data.cluster.metricACUUtilization({ period, statistic: 'Average' }),
      threshold: alarmThresholds.auroraAcuUtilizationPercent,
      evaluationPeriods: sustained,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const connections = Math.floor(alarmThresholds.auroraConnectionsShare * auroraMaxConnections(config.auroraMaxCapacity));
    alarm('AuroraConnections', {
      alarmName: 'aurora-connections',
      alarmDescription: `Aurora held ${connections} connections or more (${alarmThresholds.auroraConnectionsShare * 100} % of what ${config.auroraMaxCapacity} ACU allow) for 15 minutes.`,
      metric: data.cluster.metricDatabaseConnections({ period, statistic: 'Maximum' }),
      threshold: connections,
      evaluationPeriods: sustained,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Account-level metrics (no dimensions): every stage in the account alarms on the same figure.
    const sesReputation = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.minutes(15), statistic: 'Maximum' });
    alarm('SesBounceRate', {
      alarmName: 'ses-bounce-rate',
      alarmDescription: `The account's SES bounce rate reached ${alarmThresholds.sesBounceRate * 100} %: AWS reviews the account from here and may pause sending at 10 %.`,
      metric: sesReputation('Reputation.BounceRate'),
      threshold: alarmThresholds.sesBounceRate,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('SesComplaintRate', {
      alarmName: 'ses-complaint-rate',
      alarmDescription: `The account's SES complaint rate reached ${alarmThresholds.sesComplaintRate * 100} %: AWS reviews the account from here and may pause sending at 0.5 %.`,
      metric: sesReputation('Reputation.ComplaintRate'),
      threshold: alarmThresholds.sesComplaintRate,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const [name, machine] of [['provisioning', workflows.provisionOrchestra], ['migration', workflows.migrateAll]] as const) {
      alarm(`${pascal(name)}TimedOut`, {
        alarmName: `${name}-timed-out`,
        alarmDescription: `A ${name} execution ran out of its state machine's time limit (no rollback ran in it).`,
        metric: machine.metricTimedOut({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`${pascal(name)}Aborted`, {
        alarmName: `${name}-aborted`,
        alarmDescription: `A ${name} execution was stopped by hand (StopExecution) part way, without its rollback.`,
        metric: machine.metricAborted({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    alarm('Api4xx', {
      alarmName: 'api-4xx',
      alarmDescription: `The API answered ${alarmThresholds.api4xx} or more 4xx in 5 minutes: a scan, a broken client, or a change that refuses valid requests.`,
      metric: api.httpApi.metricClientError({ period, statistic: 'Sum' }),
      threshold: alarmThresholds.api4xx,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('ApiThrottled', {
      alarmName: 'api-throttled',
      alarmDescription: `The API's throttle (${apiThrottle.rateLimit} requests a second, bursts of ${apiThrottle.burstLimit}) answered 429 in the last 5 minutes (counted from the access log).`,
      metric: api.throttledRequests.with({ period, statistic: 'Sum' }),
      threshold: alarmThresholds.apiThrottled,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('ApiLatency', {
      alarmName: 'api-latency-p95',
      alarmDescription: `The API's p95 latency was ${alarmThresholds.apiLatencyP95Ms} ms or more for 15 minutes.`,
      metric: api.httpApi.metricLatency({ period, statistic: 'p95' }),
      threshold: alarmThresholds.apiLatencyP95Ms,
      evaluationPeriods: sustained,
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
