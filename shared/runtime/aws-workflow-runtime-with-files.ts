import { createAwsWorkflowRuntime } from './aws-workflow-runtime';
import { s3Files } from './s3-files';
import type { WorkflowRuntime } from './workflow-runtime';

let runtime: WorkflowRuntime | undefined;

/** The workflow runtime plus the files bucket: the Migrate and Seed steps', which read the backup a restore uses. */
export function awsWorkflowRuntimeWithFiles(): WorkflowRuntime {
  runtime ??= createAwsWorkflowRuntime(process.env, s3Files);
  return runtime;
}
