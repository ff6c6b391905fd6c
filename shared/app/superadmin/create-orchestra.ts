import { conflict, validationFailed } from '../../http/errors';
import type { FileStore } from '../../ports/file-store';
import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import type { CreateOrchestraBody, RetryProvisioningBody } from '../../schemas/superadmin';
import type { Actor } from '../audit/record-audit';
import { orchestraIdOfKey } from '../../tenancy/orchestra-files';
import { orchestraDatabaseName } from '../provisioning/orchestra-database-sql';
import { provisioningExecutionName, reconcileProvisioning } from '../provisioning/reconcile-provisioning';
import { recordControlAudit } from './control-audit';
import { requireOrchestraRow, type OrchestraRow } from './orchestra-rows';
import { readProvisioningInputs, retryInputs, saveProvisioningInputs, type ProvisioningInputs } from './provisioning-inputs';
import { readRestoreSummary, restorePlanRefusal, type RestoreSummary } from './restore-summary';

/** What creating an orchestra or retrying its provisioning answers (202): the registry row and the run as it stands. */
export interface ProvisioningStarted {
  orchestra: OrchestraRow;
  execution: WorkflowExecution | { executionId: string; status: 'RUNNING' };
  /** A restore: what the copy will hold, and that it starts paused with nothing pending (SPEC §7.6). */
  restore?: RestoreSummary;
}

type ProvisioningDeps = { control: Database; workflows: Workflows; orchestraFiles(orchestraId: string): FileStore; now: Date };

/**
 * Creating an orchestra (SPEC §4): the subdomain is checked and claimed in the registry first (a taken
 * one is refused before anything is made), then the provisioning workflow is started and the caller
 * answered at once; the workflow's Validate step finds the orchestra registered and carries on. The
 * run's id is recorded with the row, before it starts, so a run that never started is told from one whose
 * start was only lost (reconcile-provisioning.ts). A restore must fit the plan chosen for it.
 */
export async function createOrchestra(deps: ProvisioningDeps, actor: Actor, body: CreateOrchestraBody): Promise<ProvisioningStarted> {
  const { control, workflows } = deps;
  if (body.restoreFrom && !(await backupExists(deps, body.restoreFrom))) {
    throw validationFailed([{ field: 'restoreFrom', message: 'no backup file has this key' }]);
  }
  const restore = body.restoreFrom ? await restoreSummary(deps, body.restoreFrom) : null;
  const refusal = restore ? restorePlanRefusal(body.plan, restore) : undefined;
  if (refusal) throw validationFailed([{ field: 'plan', message: refusal }]);
  const executionName = provisioningExecutionName('provision', body.subdomain, deps.now);
  const executionId = workflows.provisioningExecutionId(executionName);
  const inputs: ProvisioningInputs = { adminEmail: body.adminEmail ?? body.contactEmail, adminName: body.adminName || null, restoreFrom: body.restoreFrom ?? null };
  const orchestraId = await control.transaction(async (tx) => {
    const { rows: taken } = await tx.query<{ name: string; code: string; status: string }>(
      `SELECT name, code, status FROM orchestras WHERE subdomain = :subdomain OR database_name = :databaseName`,
      { subdomain: body.subdomain, databaseName: orchestraDatabaseName(body.subdomain) },
    );
    if (taken[0]) throw conflict(`The subdomain ${body.subdomain} is taken by ${taken[0].name} (${taken[0].code}, ${taken[0].status}).`, 'subdomain_taken');
    // ON CONFLICT: a concurrent request for the same subdomain loses here instead of failing with a 500.
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO orchestras (code, name, subdomain, contact_email, plan, database_name, secret_ref, provisioning_execution_id, created_at, updated_at)
       VALUES ('ORCH' || lpad(nextval('orchestra_code_seq')::text, 3, '0'), :name, :subdomain, :contactEmail, :plan, :databaseName, :secretRef, :executionId, :now, :now)
       ON CONFLICT DO NOTHING
       RETURNING id::text AS id`,
      {
        executionId,
        now: deps.now,
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

  const input = { name: body.name, subdomain: body.subdomain, contactEmail: body.contactEmail, plan: body.plan, ...workflowInputs(inputs) };
  const execution = await startRecordedRun(deps, orchestraId, executionId, executionName, input);
  return { orchestra: await requireOrchestraRow(control, orchestraId), execution, ...(restore ? { restore } : {}) };
}

/**
 * Starts the run the registry already names. When StartExecution fails, Step Functions is asked whether the
 * run exists after all (a start whose answer was lost): only a run that did not start marks the orchestra
 * failed at the start, retryable, as nothing was made. When even that cannot be told, the orchestra stays
 * provisioning and the next look (reconcileProvisioning) decides.
 */
async function startRecordedRun(
  deps: ProvisioningDeps,
  orchestraId: string,
  executionId: string,
  executionName: string,
  input: Parameters<Workflows['startProvisioning']>[0],
): Promise<ProvisioningStarted['execution']> {
  try {
    await deps.workflows.startProvisioning(input, { executionName });
  } catch (error) {
    const started = await deps.workflows.describe(executionId).catch(() => undefined);
    if (started === null) {
      await deps.control.query(
        `UPDATE orchestras SET status = 'failed', failed_step = 'Start', failure_cause = :cause, updated_at = :now
          WHERE id = :id::uuid AND status = 'provisioning' AND provisioning_execution_id = :executionId`,
        { id: orchestraId, executionId, cause: `The provisioning workflow did not start: ${(error as Error).message}`.slice(0, 1000), now: deps.now },
      );
    }
    if (!started) throw error;
    return started;
  }
  return (await deps.workflows.describe(executionId).catch(() => null)) ?? { executionId, status: 'RUNNING' as const };
}

/** A readable backup's summary, checked against nothing yet; null for a file the workflow will refuse. */
function restoreSummary(deps: ProvisioningDeps, key: string): Promise<RestoreSummary | null> {
  return readRestoreSummary(deps.orchestraFiles(orchestraIdOfKey(key)!), key, deps.now);
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
export async function retryProvisioning(deps: ProvisioningDeps, actor: Actor, id: string, body: RetryProvisioningBody): Promise<ProvisioningStarted> {
  // A run that ended without updating the registry leaves the orchestra provisioning: failed and rolled back first.
  await reconcileProvisioning(deps, { orchestraId: id });
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
  const restore = inputs.restoreFrom ? await restoreSummary(deps, inputs.restoreFrom) : null;
  const refusal = restore ? restorePlanRefusal(orchestra.plan, restore) : undefined;
  if (refusal) throw conflict(`${refusal} Change the orchestra's plan first.`, 'plan_limit');
  const executionName = provisioningExecutionName('provision', orchestra.subdomain, deps.now);
  const executionId = deps.workflows.provisioningExecutionId(executionName);
  // Claimed before the start, so a second click or a second superadmin gets 409 instead of a second run.
  await deps.control.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE orchestras SET status = 'provisioning', failed_step = NULL, failure_cause = NULL, provisioning_execution_id = :executionId, updated_at = :now
        WHERE id = :id::uuid AND status = 'failed' RETURNING id::text AS id`,
      { id, executionId, now: deps.now },
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
  const input = { name: orchestra.name, subdomain: orchestra.subdomain, contactEmail: orchestra.contactEmail, plan: orchestra.plan, ...workflowInputs(inputs) };
  const execution = await startRecordedRun(deps, id, executionId, executionName, input);
  return { orchestra: await requireOrchestraRow(deps.control, id), execution, ...(restore ? { restore } : {}) };
}

/**
 * Whether the backup to restore from is in the files bucket, asked through the files of the orchestra it was
 * made of (the key names it), as the superadmin function may reach each orchestra's prefix only so.
 */
async function backupExists(deps: { orchestraFiles(orchestraId: string): FileStore }, key: string): Promise<boolean> {
  const source = orchestraIdOfKey(key);
  return source !== undefined && deps.orchestraFiles(source).exists(key);
}
