import type { TickDeferred, TickReport } from './run-tick';

/** CloudWatch namespace of the product's own metrics; the alarms in infra read the same names. */
export const metricsNamespace = 'OrchestraSystem';
export const tickMetricNames = {
  backlog: 'OutboxBacklog',
  sent: 'EmailsSent',
  failed: 'EmailsFailed',
  orchestraErrors: 'TickOrchestraErrors',
  /** 1 when the tick ran out of time and left work for the next one (the line's `deferred` says what), else 0. */
  outOfTime: 'TickOutOfTime',
} as const;

/**
 * The tick's figures as one CloudWatch Embedded Metric Format log line: CloudWatch turns it into metrics
 * without an API call from the function.
 */
export function tickMetricsLine(report: TickReport, stage: string, now: Date): string {
  const metrics = Object.values(tickMetricNames).map((Name) => ({ Name, Unit: 'Count' }));
  return JSON.stringify({
    _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [{ Namespace: metricsNamespace, Dimensions: [['Stage']], Metrics: metrics }] },
    Stage: stage,
    [tickMetricNames.backlog]: report.backlog,
    [tickMetricNames.sent]: report.sent,
    [tickMetricNames.failed]: report.failed,
    [tickMetricNames.orchestraErrors]: report.errors.length,
    [tickMetricNames.outOfTime]: deferredAnything(report.deferred) ? 1 : 0,
    message: 'tick',
    errors: report.errors,
    deferred: report.deferred ?? noneDeferred,
  });
}

const noneDeferred: TickDeferred = { orchestras: 0, refills: 0, reminders: 0, deliveries: 0 };

function deferredAnything(deferred: TickDeferred | undefined): boolean {
  return deferred !== undefined && Object.values(deferred).some((n) => n > 0);
}
