import * as z from 'zod';
import { recordMigrationReport, recordOrchestraFailure } from '../../shared/app/superadmin/migrate-all-steps';
import { describeCaughtError } from '../../shared/app/provisioning/step-errors';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

/** A caught error as Step Functions passes it: { Error, Cause }. */
const caughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

const reportInput = z.object({
  runId: z.uuid(),
  /** With an error: the Map's Catch for this orchestra (RecordOrchestraFailure). */
  orchestraId: z.uuid().optional(),
  /** The orchestra's error, or (without orchestraId) why the run broke down (the Catch of the list and Map states). */
  error: caughtError.optional(),
});

/**
 * migrate-all's recording step, one function for its three Tasks: a failed orchestra's error into the run's
 * results (RecordOrchestraFailure), and the run's end (RecordReport, or RecordBreakdown with the error).
 */
export const recordReportStep: WorkflowStep<{ succeeded: number; failed: number } | { recorded: 'failed' }> = async (raw, deps) => {
  const input = parseStepInput(reportInput, raw);
  const error = input.error ? describeCaughtError(input.error) : undefined;
  if (input.orchestraId) {
    await recordOrchestraFailure(deps.control, { runId: input.runId, orchestraId: input.orchestraId, error: error ?? 'failed' }, deps.clock.now());
    return { recorded: 'failed' };
  }
  return recordMigrationReport(deps.control, { runId: input.runId, error }, deps.clock.now());
};

export const handler = workflowLambda(recordReportStep);
