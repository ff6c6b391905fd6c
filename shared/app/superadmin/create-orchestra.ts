import { conflict, validationFailed } from '../../http/errors';
import type { FileStore } from '../../ports/file-store';
import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import type { CreateOrchestraBody, RetryProvisioningBody } from '../../schemas/superadmin';
import type { Actor } from '../audit/record-audit';
import { orchestraIdOfKey } from '../../tenancy/orchestra-files';
import { orchestraDatabaseName } from '../provisioning/orchestra-database-sql';
import { recordControlAudit } from './control-audit';
import { requireOrchestraRow, type OrchestraRow } from './orchestra-rows';
import { readProvisioningInputs, retryInputs, saveProvisioningInputs, type ProvisioningInputs } from './provisioning-inputs';

/** What creating an orchestra or retrying its provisioning answers (202): the registry row and the run as it stands. */
export interface ProvisioningStarted {
  orchestra: OrchestraRow;
  execution: WorkflowExecution | { executionId: string; status: 'RUNNING' };
}

/**
 * Creating an orchestra (SPEC §4): the subdomain is checked and claimed in the registry first (a taken
 * one is refused before anything is made), then the provisioning workflow is started and the caller
 * answered at once; the workflow's Validate step finds the orchestra registered and carries on.
 */
export async function createOrchestra(
  deps: { control: Database; workflows: Workflows; orchestraFiles(orchestraId: string): FileStore; now: Date },
  actor: Actor,
  body: CreateOrchestraBody,
): Promise<ProvisioningStarted> {
  const { control, workflows } = deps;
  if (body.restoreFrom && !(await backupExists(deps, body.restoreFrom))) {
    throw validationFailed([{ field: 'restoreFrom', message: 'no backup file has this key' }]);
  }
  const inputs: ProvisioningInputs = { adminEmail: body.adminEmail ?? body.contactEmail, adminName: body.adminName || null, restoreFrom: body.restoreFrom ?? null };
  const orchestraId = await control.transaction(async (tx) => {
    const { rows: taken } = await tx.query<{ name: string; code: string; status: string }>(
      `SELECT name, code, status FROM orchestras WHERE subdomain = :subdomain OR database_name = :databaseName`,
      { subdomain: body.subdomain, databaseName: orchestraDatabaseName(body.subdomain) },
    );
    if (taken[0]) throw conflict(`The subdomain ${body.subdomain} is taken by ${taken[0].name} (${taken[0].code}, ${taken[0].status}).`, 'subdomain_taken');
    // ON CONFLICT: a concurrent request for the same subdomain loses here instead of failing with a 500.
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO orchestras (code, name, subdomain, contact_email, plan, database_name, secret_ref)
       VALUES ('ORCH' || lpad(nextval('orchestra_code_seq')::text, 3, '0'), :name, :subdomain, :contactEmail, :plan, :databaseName, :secretRef)
       ON CONFLICT DO NOTHING
       RETURNING id::text AS id`,
      {
        name: body.name,
        subdomain: body.subdomain,
        contactEmail: body.contactEmail,
        plan: body.plan,
        databaseName: orchestraDatabaseName(body.subdomain),
        secretRef: `${workflows.orchestraSecretPrefix}${body.subdomain}`,
      },
    );
    if (!rows[0]) throw conflict(`The subdomain ${body.subdomain} was taken a moment ago.`, 'subdomain_taken');
    await saveProvisioningInputs(tx, rows[0].id, inputs);
    await recordControlAudit(tx, {
      actor,
      action: 'orchestra.create',
      entityType: 'orchestra',
      entityId: rows[0].id,
      after: { name: body.name, subdomain: body.subdomain, contactEmail: body.contactEmail, plan: body.plan, restoreFrom: body.restoreFrom ?? null },
    });
    return rows[0].id;
  });

  let executionId: string;
  try {
    ({ executionId } = await workflows.startProvisioning({
      name: body.name,
      subdomain: body.subdomain,
      contactEmail: body.contactEmail,
      plan: body.plan,
      ...workflowInputs(inputs),
    }));
  } catch (error) {
    await markNotStarted(deps, orchestraId, error);
    throw error;
  }
  await control.query(`UPDATE orchestras SET provisioning_execution_id = :executionId WHERE id = :id::uuid`, { id: orchestraId, executionId });
  const execution = (await workflows.describe(executionId)) ?? { executionId, status: 'RUNNING' as const };
  return { orchestra: await requireOrchestraRow(control, orchestraId), execution };
}

/** Nothing was made yet: the orchestra is marked failed at the start, so it can be seen and retried. */
async function markNotStarted(deps: { control: Database; now: Date }, id: string, error: unknown): Promise<void> {
  await deps.control.query(
    `UPDATE orchestras SET status = 'failed', failed_step = 'Start', failure_cause = :cause, updated_at = :now WHERE id = :id::uuid`,
    { id, cause: `The provisioning workflow did not start: ${(error as Error).message}`.slice(0, 1000), now: deps.now },
  );
}

/** The provisioning workflow's input leaves out what is not there (its schema has no nulls). */
const workflowInputs = (inputs: ProvisioningInputs) => ({
  adminEmail: inputs.adminEmail,
  ...(inputs.adminName ? { adminName: inputs.adminName } : {}),
  ...(inputs.restoreFrom ? { restoreFrom: inputs.restoreFrom } : {}),
});

/**
 * Another attempt for an orchestra whose provisioning failed (it was rolled back, so nothing is left of
 * it): the workflow's Validate step claims it again and every step runs anew, with the failed attempt's
 * first admin and backup unless the body names others (a failed restore retried is a restore again).
 */
export async function retryProvisioning(
  deps: { control: Database; workflows: Workflows; orchestraFiles(orchestraId: string): FileStore; now: Date },
  actor: Actor,
  id: string,
  body: RetryProvisioningBody,
): Promise<ProvisioningStarted> {
  const orchestra = await requireOrchestraRow(deps.control, id);
  if (orchestra.status !== 'failed') throw conflict(`${orchestra.name} is ${orchestra.status}; only a failed orchestra is provisioned again.`, 'wrong_status');
  // The failed run marks the orchestra failed before its rollback drops the database: not while that runs.
  const last = orchestra.provisioningExecutionId ? await deps.workflows.describe(orchestra.provisioningExecutionId).catch(() => null) : null;
  if (last?.status === 'RUNNING') throw conflict(`The last attempt for ${orchestra.name} is still being rolled back; try again when it has ended.`, 'wrong_status');
  const previous = await readProvisioningInputs(deps.control, id);
  const inputs = retryInputs(previous, body);
  if (inputs.restoreFrom && !(await backupExists(deps, inputs.restoreFrom))) {
    const message = body.restoreFrom ? 'no backup file has this key' : `the backup ${inputs.restoreFrom} is gone; name another, or null for the standard seed`;
    throw validationFailed([{ field: 'restoreFrom', message }]);
  }
  // Claimed before the start, so a second click or a second superadmin gets 409 instead of a second run.
  await deps.control.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE orchestras SET status = 'provisioning', failed_step = NULL, failure_cause = NULL, provisioning_execution_id = NULL, updated_at = :now
        WHERE id = :id::uuid AND status = 'failed' RETURNING id::text AS id`,
      { id, now: deps.now },
    );
    if (!rows[0]) throw conflict(`${orchestra.name} is already being provisioned again.`, 'wrong_status');
    await saveProvisioningInputs(tx, id, inputs);
    await recordControlAudit(tx, {
      actor,
      action: 'orchestra.retry_provisioning',
      entityType: 'orchestra',
      entityId: id,
      before: { failedStep: orchestra.failedStep, failureCause: orchestra.failureCause, ...previous },
      after: inputs,
    });
  });
  let executionId: string;
  try {
    ({ executionId } = await deps.workflows.startProvisioning({
      name: orchestra.name,
      subdomain: orchestra.subdomain,
      contactEmail: orchestra.contactEmail,
      plan: orchestra.plan,
      ...workflowInputs(inputs),
    }));
  } catch (error) {
    await markNotStarted(deps, id, error);
    throw error;
  }
  await deps.control.query(`UPDATE orchestras SET provisioning_execution_id = :executionId WHERE id = :id::uuid`, { id, executionId });
  const execution = (await deps.workflows.describe(executionId)) ?? { executionId, status: 'RUNNING' as const };
  return { orchestra: await requireOrchestraRow(deps.control, id), execution };
}

/**
 * Whether the backup to restore from is in the files bucket, asked through the files of the orchestra it was
 * made of (the key names it), as the superadmin function may reach each orchestra's prefix only so.
 */
async function backupExists(deps: { orchestraFiles(orchestraId: string): FileStore }, key: string): Promise<boolean> {
  const source = orchestraIdOfKey(key);
  return source !== undefined && deps.orchestraFiles(source).exists(key);
}
