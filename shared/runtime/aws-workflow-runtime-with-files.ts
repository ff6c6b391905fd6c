import { createAwsWorkflowRuntime } from './aws-workflow-runtime';
import { s3Files } from './s3-files';
import type { WorkflowRuntime } from './workflow-runtime';

let runtime: WorkflowRuntime | undefined;

/** The workflow runtime plus the files bucket: the Seed step's, which restores backups. */
export function awsWorkflowRuntimeWithFiles(): WorkflowRuntime {
  runtime ??= createAwsWorkflowRuntime(process.env, s3Files);
  return runtime;
}
