import type { Database } from '../../ports/database';
import type { Secrets } from '../../ports/secrets';
import { findOrchestraById, type OrchestraRecord } from '../../tenancy/orchestra-registry';
import { dropOrchestraDatabase, orchestraLoginName } from './orchestra-database-sql';
import { PermanentStepError } from './step-errors';

/**
 * The provisioning workflow's compensation: marks the orchestra `failed` with the step and the cause,
 * then drops what the steps made (database, login, secret). Every part is safe when missing, so it may
 * run after any step and be retried. It is marked failed first so that its host stops answering before
 * the database goes. A suspended or archived orchestra was never this workflow's to undo: refused.
 */
export async function rollBackProvisioning(
  deps: { control: Database; admin: Database; secrets: Secrets; now: Date },
  input: { orchestraId: string; failedStep: string; cause: string; onlyForExecution?: string },
): Promise<{ failedStep: string; cause: string; databaseName: string | null; skipped?: string }> {
  const orchestra = await findOrchestraById(deps.control, input.orchestraId);
  if (!orchestra) return { failedStep: input.failedStep, cause: input.cause, databaseName: null };
  if (input.onlyForExecution !== undefined) return rollBackInterrupted(deps, orchestra, { ...input, onlyForExecution: input.onlyForExecution });
  if (orchestra.status === 'suspended' || orchestra.status === 'archived') {
    throw new PermanentStepError('OrchestraNotProvisionable', `orchestra ${orchestra.subdomain} is ${orchestra.status}: not rolled back`);
  }
  await deps.control.query(
    `UPDATE orchestras
        SET status = 'failed', failed_step = :failedStep, failure_cause = :cause, schema_version = NULL, activated_at = NULL, updated_at = :now
      WHERE id = :id::uuid`,
    { id: orchestra.id, failedStep: input.failedStep, cause: input.cause, now: deps.now },
  );
  await dropOrchestraDatabase(deps.admin, orchestra.databaseName, orchestraLoginName(orchestra.subdomain));
  await deps.secrets.delete(orchestra.secretRef);
  return { failedStep: input.failedStep, cause: input.cause, databaseName: orchestra.databaseName };
}

/**
 * The rollback of a run that ended without its own (reconcile-provisioning.ts started this one for it). The
 * registry names this rollback as the orchestra's run while it is due: a retry started since names another
 * and wins, so nothing it makes is dropped. A failed orchestra archived meanwhile keeps its status, and loses
 * its leftovers all the same.
 */
async function rollBackInterrupted(
  deps: { control: Database; admin: Database; secrets: Secrets; now: Date },
  orchestra: OrchestraRecord,
  input: { failedStep: string; cause: string; onlyForExecution: string },
): Promise<{ failedStep: string; cause: string; databaseName: string | null; skipped?: string }> {
  const { rows } = await deps.control.query<{ executionId: string | null }>(
    `SELECT provisioning_execution_id AS "executionId" FROM orchestras WHERE id = :id::uuid`,
    { id: orchestra.id },
  );
  const due = rows[0]?.executionId === input.onlyForExecution && (orchestra.status === 'failed' || orchestra.status === 'archived');
  if (!due) {
    const skipped = `orchestra ${orchestra.subdomain} is ${orchestra.status} under another run: nothing rolled back`;
    return { failedStep: input.failedStep, cause: input.cause, databaseName: null, skipped };
  }
  if (orchestra.status === 'failed') {
    await deps.control.query(
      `UPDATE orchestras SET failed_step = :failedStep, failure_cause = :cause, schema_version = NULL, activated_at = NULL, updated_at = :now
        WHERE id = :id::uuid AND status = 'failed'`,
      { id: orchestra.id, failedStep: input.failedStep, cause: input.cause, now: deps.now },
    );
  }
  await dropOrchestraDatabase(deps.admin, orchestra.databaseName, orchestraLoginName(orchestra.subdomain));
  await deps.secrets.delete(orchestra.secretRef);
  return { failedStep: input.failedStep, cause: input.cause, databaseName: orchestra.databaseName };
}
