import type { Context } from 'aws-lambda';
import { runTick } from '../../shared/app/jobs/run-tick';
import { tickMetricsLine } from '../../shared/app/jobs/tick-metrics';
import { awsJobRuntime } from '../../shared/runtime/aws-job-runtime';

/**
 * Kept free at the end of the Lambda's time: the tick only stops STARTING work at its deadline, so what is
 * already running must still finish — a project refill transaction (a few dozen Data API calls of 15–30 ms,
 * more while Aurora scales up), a delivery batch of about a second's sends plus their updates, the backlog
 * counts and the metrics line. 10 s covers that with room to spare out of the 50 s limit.
 */
const safetyMarginMs = 10_000;

/** EventBridge calls this every minute; its figures go to CloudWatch as embedded metrics. */
export const handler = async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - safetyMarginMs;
  const runtime = await awsJobRuntime();
  const report = await runTick(runtime, { deadline });
  console.log(tickMetricsLine(report, runtime.config.STAGE, runtime.clock.now()));
  return report;
};
