import * as z from 'zod';
import { rollBackProvisioning } from '../../shared/app/provisioning/roll-back-provisioning';
import { describeCaughtError } from '../../shared/app/provisioning/step-errors';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

const compensationInput = z.object({
  orchestraId: z.uuid(),
  failedStep: z.string().min(1),
  /** The caught error as Step Functions passes it: { Error, Cause }. */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  /** A rollback-only run (RollBackInterrupted): its own execution id, which the registry must still name. */
  onlyForExecution: z.string().min(1).optional(),
});

/**
 * Catch target of every step after Validate: undoes the provisioning and records why it failed. Also the
 * task of a rollback-only run (RollBackInterrupted), for an earlier run that ended without its rollback.
 */
export const compensateStep: WorkflowStep<{ failedStep: string; cause: string; skipped?: string }> = async (raw, deps) => {
  const input = parseStepInput(compensationInput, raw);
  const { failedStep, cause, skipped } = await rollBackProvisioning(
    { control: deps.control, admin: deps.admin, secrets: deps.secrets, now: deps.clock.now() },
    { orchestraId: input.orchestraId, failedStep: input.failedStep, cause: describeCaughtError(input.error), onlyForExecution: input.onlyForExecution },
  );
  return { failedStep, cause, ...(skipped ? { skipped } : {}) };
};

export const handler = workflowLambda(compensateStep);
