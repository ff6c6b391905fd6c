import * as z from 'zod';
import { rollBackProvisioning } from '../../shared/app/provisioning/roll-back-provisioning';
import { describeCaughtError } from '../../shared/app/provisioning/step-errors';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

const compensationInput = z.object({
  orchestraId: z.uuid(),
  failedStep: z.string().min(1),
  /** The caught error as Step Functions passes it: { Error, Cause }. */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** Catch target of every step after Validate: undoes the provisioning and records why it failed. */
export const compensateStep: WorkflowStep<{ failedStep: string; cause: string }> = async (raw, deps) => {
  const input = parseStepInput(compensationInput, raw);
  const { failedStep, cause } = await rollBackProvisioning(
    { control: deps.control, admin: deps.admin, secrets: deps.secrets, now: deps.clock.now() },
    { orchestraId: input.orchestraId, failedStep: input.failedStep, cause: describeCaughtError(input.error) },
  );
  return { failedStep, cause };
};

export const handler = workflowLambda(compensateStep);
