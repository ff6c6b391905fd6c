import * as z from 'zod';
import { recordMigrationReport } from '../../shared/app/superadmin/migrate-all-steps';
import { describeCaughtError } from '../../shared/app/provisioning/step-errors';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

/** A caught error as Step Functions passes it: { Error, Cause }. */
const caughtError = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

const reportInput = z.object({
  runId: z.uuid(),
  results: z
    .array(
      z.object({
        orchestraId: z.uuid(),
        status: z.enum(['succeeded', 'failed']),
        fromVersion: z.string().nullable().optional(),
        toVersion: z.string().nullable().optional(),
        applied: z.array(z.string()).optional(),
        error: z.union([z.string(), caughtError]).optional(),
      }),
    )
    .optional(),
  /** Set when the run broke down before it could report (the Catch of the list and Map states). */
  error: caughtError.optional(),
});

/** migrate-all's last step: every orchestra's result into the run's report, and the run's end. */
export const recordReportStep: WorkflowStep<{ succeeded: number; failed: number }> = async (raw, deps) => {
  const input = parseStepInput(reportInput, raw);
  return recordMigrationReport(
    deps.control,
    {
      runId: input.runId,
      results: input.results?.map((r) => ({ ...r, error: typeof r.error === 'string' || r.error === undefined ? r.error : describeCaughtError(r.error) })),
      error: input.error ? describeCaughtError(input.error) : undefined,
    },
    deps.clock.now(),
  );
};

export const handler = workflowLambda(recordReportStep);
