import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import { describeCaughtError } from './step-errors';

/**
 * An orchestra stays `provisioning` only while a run of the provisioning workflow works on it. A run can end
 * without updating the registry — aborted or timed out in Step Functions, cut off by a stop of the local
 * twin, rejected at Validate — or never start at all (the request that registered it died before
 * StartExecution). Then retry and archive would refuse it and its subdomain would be taken for ever.
 *
 * This finds such orchestras and marks them `failed` with the step that was cut off and why, then starts a
 * rollback-only run of the provisioning workflow (the same Compensate task, which holds the cluster admin
 * rights the caller lacks) to drop whatever was made: database, login, secret. It runs where someone would
 * act on the orchestra — the superadmin's reads, retry and archive — and when the local twin starts.
 */
export interface ReconcileGraces {
  /**
   * How long a recorded run may be unknown to Step Functions before it counts as never started: the
   * request that recorded it starts it right after (an API Lambda runs for seconds).
   */
  notStartedMs: number;
  /**
   * How long an orchestra may be `provisioning` with no run recorded (one registered by a run started by
   * hand, whose id nobody stored): past the workflow's own TimeoutSeconds, any such run has ended.
   */
  unrecordedMs: number;
}

export const reconcileGraces: ReconcileGraces = { notStartedMs: 5 * 60_000, unrecordedMs: 40 * 60_000 };

/** When nothing else can be running (the local twin at start, before it serves anything): no grace. */
export const noGraces: ReconcileGraces = { notStartedMs: 0, unrecordedMs: 0 };

export interface ReconciledOrchestra {
  orchestraId: string;
  failedStep: string;
  cause: string;
  /** The rollback-only run, or null when it could not be started (the orchestra is failed all the same). */
  rollBackExecutionId: string | null;
}

interface ProvisioningRow {
  id: string;
  subdomain: string;
  executionId: string | null;
  updatedAt: Date;
}

/** What became of a run that left its orchestra `provisioning`, or null while it may still be working. */
export function strandedRun(
  row: { executionId: string | null; updatedAt: Date },
  execution: WorkflowExecution | null,
  now: Date,
  graces: ReconcileGraces,
): { failedStep: string; cause: string } | null {
  const quietMs = now.getTime() - row.updatedAt.getTime();
  if (row.executionId === null) {
    return quietMs >= graces.unrecordedMs ? { failedStep: 'Start', cause: 'No provisioning run is recorded for this orchestra, and none has updated it since.' } : null;
  }
  if (execution === null) {
    return quietMs >= graces.notStartedMs ? { failedStep: 'Start', cause: `The provisioning run ${row.executionId} never started.` } : null;
  }
  // SUCCEEDED passed Activate, which made the orchestra active: it is not this function's to judge.
  if (execution.status !== 'FAILED') return null;
  const cutOff = [...execution.steps].reverse().find((s) => s.status === 'failed' || s.status === 'running');
  const why = [execution.error, execution.cause ?? cutOff?.cause].filter(Boolean).join(': ') || 'no cause given';
  return { failedStep: cutOff?.step ?? 'Start', cause: `The provisioning run ended without rolling back (${why}).` };
}

/** Execution names are unique per state machine and at most 80 characters. */
export function provisioningExecutionName(kind: 'provision' | 'rollback', subdomain: string, now: Date): string {
  return `${kind}-${subdomain}-${now.getTime()}`.slice(0, 80);
}

export async function reconcileProvisioning(
  deps: { control: Database; workflows: Workflows; now: Date },
  options: { orchestraId?: string; graces?: ReconcileGraces } = {},
): Promise<ReconciledOrchestra[]> {
  const graces = options.graces ?? reconcileGraces;
  const { rows } = await deps.control.query<ProvisioningRow>(
    `SELECT id::text AS id, subdomain, provisioning_execution_id AS "executionId", updated_at AS "updatedAt"
       FROM orchestras WHERE status = 'provisioning' AND (:id::uuid IS NULL OR id = :id::uuid) ORDER BY code`,
    { id: options.orchestraId ?? null },
  );
  const reconciled: ReconciledOrchestra[] = [];
  for (const row of rows) {
    let execution: WorkflowExecution | null = null;
    if (row.executionId) {
      try {
        execution = await deps.workflows.describe(row.executionId);
      } catch {
        continue; // Step Functions did not answer: judged on a later look, never on a guess.
      }
    }
    const stranded = strandedRun({ executionId: row.executionId, updatedAt: new Date(row.updatedAt) }, execution, deps.now, graces);
    if (!stranded) continue;
    const done = await markFailedAndRollBack(deps, row, stranded);
    if (done) reconciled.push(done);
  }
  return reconciled;
}

/**
 * Marks the orchestra failed and names the rollback run in the registry in one guarded statement (a second
 * caller finds it no longer provisioning under the run it saw, and does nothing), then starts that run.
 */
async function markFailedAndRollBack(
  deps: { control: Database; workflows: Workflows; now: Date },
  row: ProvisioningRow,
  stranded: { failedStep: string; cause: string },
): Promise<ReconciledOrchestra | null> {
  const executionName = provisioningExecutionName('rollback', row.subdomain, deps.now);
  const rollBackExecutionId = deps.workflows.provisioningExecutionId(executionName);
  // The same words the rollback's Compensate records from its input error.
  const cause = describeCaughtError({ Error: 'ProvisioningInterrupted', Cause: stranded.cause });
  const { rows } = await deps.control.query<{ id: string }>(
    `UPDATE orchestras
        SET status = 'failed', failed_step = :failedStep, failure_cause = :cause, provisioning_execution_id = :rollBack, updated_at = :now
      WHERE id = :id::uuid AND status = 'provisioning' AND provisioning_execution_id IS NOT DISTINCT FROM :seen::text
      RETURNING id::text AS id`,
    { id: row.id, failedStep: stranded.failedStep, cause, rollBack: rollBackExecutionId, seen: row.executionId, now: deps.now },
  );
  if (!rows[0]) return null;
  try {
    await deps.workflows.startProvisioning(
      { rollBack: { orchestraId: row.id, failedStep: stranded.failedStep, cause: stranded.cause, executionId: rollBackExecutionId } },
      { executionName },
    );
    return { orchestraId: row.id, failedStep: stranded.failedStep, cause, rollBackExecutionId };
  } catch {
    // Failed it stays, and retryable: a retry's run makes each part anew over whatever is left.
    return { orchestraId: row.id, failedStep: stranded.failedStep, cause, rollBackExecutionId: null };
  }
}
