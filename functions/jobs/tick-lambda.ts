import { runTick } from '../../shared/app/jobs/run-tick';
import { awsJobRuntime } from '../../shared/runtime/aws-job-runtime';

/** EventBridge calls this every minute. */
export const handler = async () => {
  const report = await runTick(await awsJobRuntime());
  console.log(JSON.stringify({ message: 'tick', ...report }));
  return report;
};
