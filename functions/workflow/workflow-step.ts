import * as z from 'zod';
import { PermanentStepError, toWorkflowError } from '../../shared/app/provisioning/step-errors';
import type { Queryable } from '../../shared/ports/database';
import { awsWorkflowRuntime } from '../../shared/runtime/aws-workflow-runtime';
import type { WorkflowRuntime } from '../../shared/runtime/workflow-runtime';
import { findOrchestraById, type OrchestraRecord } from '../../shared/tenancy/orchestra-registry';

/**
 * A workflow Task: a function of the state input and the workflow runtime. The Lambda entry and the
 * local runner both call it through runWorkflowStep, so errors reach Step Functions classified the same
 * way (TransientError for what a Retry may mend).
 */
export type WorkflowStep<Output = unknown> = (input: unknown, deps: WorkflowRuntime) => Promise<Output>;

export async function runWorkflowStep<Output>(step: WorkflowStep<Output>, input: unknown, deps: WorkflowRuntime): Promise<Output> {
  try {
    return await step(input, deps);
  } catch (error) {
    throw toWorkflowError(error);
  }
}

/** The Lambda entry of a step: `export const handler = workflowLambda(step)`. */
export function workflowLambda<Output>(step: WorkflowStep<Output>, runtime: () => WorkflowRuntime = awsWorkflowRuntime): (event: unknown) => Promise<Output> {
  return (event) => runWorkflowStep(step, event, runtime());
}

/** Parses a step's input; a wrong shape is a bug in the definition, never worth a retry. */
export function parseStepInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new PermanentStepError('InvalidStepInput', problems);
  }
  return result.data;
}

export const orchestraStepInput = z.object({ orchestraId: z.uuid() });

export async function requireOrchestra(control: Queryable, orchestraId: string): Promise<OrchestraRecord> {
  const orchestra = await findOrchestraById(control, orchestraId);
  if (!orchestra) throw new PermanentStepError('OrchestraNotFound', `no orchestra with id ${orchestraId}`);
  return orchestra;
}
