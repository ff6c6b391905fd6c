import { runTick } from '../../shared/app/jobs/run-tick';
import { awsRuntime } from '../../shared/runtime/aws-runtime';

/** EventBridge calls this every minute. */
export const handler = async () => {
  const report = await runTick(await awsRuntime());
  console.log(JSON.stringify({ message: 'tick', ...report }));
  return report;
};
