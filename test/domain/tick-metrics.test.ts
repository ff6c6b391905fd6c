import { expect, it } from 'vitest';
import { tickMetricsLine } from '../../shared/app/jobs/tick-metrics';

it('writes the tick figures in CloudWatch Embedded Metric Format, one dimension: the stage', () => {
  const line = JSON.parse(
    tickMetricsLine({ orchestras: 3, sent: 12, failed: 1, backlog: 40, errors: [{ orchestra: 'x', message: 'down' }] }, 'prod', new Date('2026-11-25T10:00:00Z')),
  );
  expect(line._aws).toEqual({
    Timestamp: Date.parse('2026-11-25T10:00:00Z'),
    CloudWatchMetrics: [
      {
        Namespace: 'OrchestraSystem',
        Dimensions: [['Stage']],
        Metrics: ['OutboxBacklog', 'EmailsSent', 'EmailsFailed', 'TickOrchestraErrors', 'TickOutOfTime'].map((Name) => ({ Name, Unit: 'Count' })),
      },
    ],
  });
  expect(line).toMatchObject({ Stage: 'prod', OutboxBacklog: 40, EmailsSent: 12, EmailsFailed: 1, TickOrchestraErrors: 1, TickOutOfTime: 0 });
  expect(line.deferred).toEqual({ orchestras: 0, refills: 0, reminders: 0, deliveries: 0 });
});

it('shows a tick that ran out of time: TickOutOfTime 1 and what it deferred', () => {
  const deferred = { orchestras: 2, refills: 7, reminders: 0, deliveries: 1 };
  const line = JSON.parse(tickMetricsLine({ orchestras: 5, sent: 0, failed: 0, backlog: 9, errors: [], deferred }, 'prod', new Date('2026-11-25T10:00:00Z')));
  expect(line).toMatchObject({ TickOutOfTime: 1, deferred });
});
