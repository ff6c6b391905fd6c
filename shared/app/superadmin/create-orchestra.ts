import { conflict, validationFailed } from '../../http/errors';
import type { FileStore } from '../../ports/file-store';
import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import type { CreateOrchestraBody, RetryProvisioningBody } from '../../schemas/superadmin';
import type { Actor } from '../audit/record-audit';
import { orchestraDatabaseName } from '../provisioning/orchestra-database-sql';
import { recordControlAudit } from './control-audit';
import { requireOrchestraRow, type OrchestraRow } from './orchestra-rows';

/**
 * Creating an orchestra (SPEC §4): the subdomain is checked and claimed in the registry first (a taken
 * one is refused before anything is made), then the provisioning workflow is started and the caller
 * answered at once; the workflow's Validate step finds the orchestra registered and carries on.
 */
export async function createOrchestra(
  deps: { control: Database; workflows: Workflows; files: FileStore; now: Date },
  actor: Actor,
  body: CreateOrchestraBody,
): Promise<{ orchestra: OrchestraRow; execution: WorkflowExecution | { executionId: string; status: 'RUNNING' } }> {
  const { control, workflows } = deps;
  if (body.restoreFrom && !(await deps.files.exists(body.restoreFrom))) {
    throw validationFailed([{ field: 'restoreFrom', message: 'no backup file has this key' }]);
  }
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
      adminEmail: body.adminEmail ?? body.contactEmail,
      adminName: body.adminName,
      restoreFrom: body.restoreFrom,
    }));
  } catch (error) {
    // Nothing was made yet: the orchestra is marked failed at the start, so it can be seen and retried.
    await control.query(
      `UPDATE orchestras SET status = 'failed', failed_step = 'Start', failure_cause = :cause, updated_at = :now WHERE id = :id::uuid`,
      { id: orchestraId, cause: `The provisioning workflow did not start: ${(error as Error).message}`.slice(0, 1000), now: deps.now },
    );
    throw error;
  }
  await control.query(`UPDATE orchestras SET provisioning_execution_id = :executionId WHERE id = :id::uuid`, { id: orchestraId, executionId });
  const execution = (await workflows.describe(executionId)) ?? { executionId, status: 'RUNNING' as const };
  return { orchestra: await requireOrchestraRow(control, orchestraId), execution };
}

/**
 * Another attempt for an orchestra whose provisioning failed (it was rolled back, so nothing is left of
 * it): the workflow's Validate step claims it again and every step runs anew.
 */
export async function retryProvisioning(
  deps: { control: Database; workflows: Workflows; files: FileStore; now: Date },
  actor: Actor,
  id: string,
  body: RetryProvisioningBody,
): Promise<{ orchestra: OrchestraRow; execution: WorkflowExecution | { executionId: string; status: 'RUNNING' } }> {
  const orchestra = await requireOrchestraRow(deps.control, id);
  if (orchestra.status !== 'failed') throw conflict(`${orchestra.name} is ${orchestra.status}; only a failed orchestra is provisioned again.`, 'wrong_status');
  if (body.restoreFrom && !(await deps.files.exists(body.restoreFrom))) {
    throw validationFailed([{ field: 'restoreFrom', message: 'no backup file has this key' }]);
  }
  const { executionId } = await deps.workflows.startProvisioning({
    name: orchestra.name,
    subdomain: orchestra.subdomain,
    contactEmail: orchestra.contactEmail,
    plan: orchestra.plan,
    adminEmail: body.adminEmail ?? orchestra.contactEmail,
    adminName: body.adminName,
    restoreFrom: body.restoreFrom,
  });
  await deps.control.transaction(async (tx) => {
    await tx.query(`UPDATE orchestras SET provisioning_execution_id = :executionId WHERE id = :id::uuid`, { id, executionId });
    await recordControlAudit(tx, { actor, action: 'orchestra.retry_provisioning', entityType: 'orchestra', entityId: id, before: { failedStep: orchestra.failedStep } });
  });
  const execution = (await deps.workflows.describe(executionId)) ?? { executionId, status: 'RUNNING' as const };
  return { orchestra: await requireOrchestraRow(deps.control, id), execution };
}
