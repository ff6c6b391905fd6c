import { runTick } from '../../shared/app/jobs/run-tick';
import { tickMetricsLine } from '../../shared/app/jobs/tick-metrics';
import { awsJobRuntime } from '../../shared/runtime/aws-job-runtime';

/** EventBridge calls this every minute; its figures go to CloudWatch as embedded metrics. */
export const handler = async () => {
  const runtime = await awsJobRuntime();
  const report = await runTick(runtime);
  console.log(tickMetricsLine(report, runtime.config.STAGE, runtime.clock.now()));
  return report;
};
