import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';

/** An orchestra as the superadmin sees it in the registry (SPEC §4). */
export interface OrchestraRow {
  id: string;
  code: string;
  name: string;
  subdomain: string;
  contactEmail: string;
  plan: OrchestraRecord['plan'];
  status: OrchestraRecord['status'];
  schemaVersion: string | null;
  failedStep: string | null;
  failureCause: string | null;
  provisioningExecutionId: string | null;
  createdAt: string;
  activatedAt: string | null;
  updatedAt: string;
}

export const selectOrchestraRow = `
  SELECT id::text AS id, code, name, subdomain, contact_email AS "contactEmail", plan, status,
         schema_version AS "schemaVersion", failed_step AS "failedStep", failure_cause AS "failureCause",
         provisioning_execution_id AS "provisioningExecutionId",
         created_at AS "createdAt", activated_at AS "activatedAt", updated_at AS "updatedAt"
    FROM orchestras`;

export async function findOrchestraRow(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<OrchestraRow | null> {
  const { rows } = await db.query<OrchestraRow>(`${selectOrchestraRow} WHERE id = :id::uuid${options.forUpdate ? ' FOR UPDATE' : ''}`, { id });
  return rows[0] ?? null;
}

export async function requireOrchestraRow(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<OrchestraRow> {
  const row = await findOrchestraRow(db, id, options);
  if (!row) throw notFound(`No orchestra with id ${id}.`);
  return row;
}

/** The registry record tenancy uses, for opening the orchestra's database. */
export async function orchestraRecordOf(db: Queryable, id: string): Promise<OrchestraRecord> {
  const { rows } = await db.query<OrchestraRecord>(
    `SELECT id::text AS id, code, name, subdomain, status, plan, database_name AS "databaseName", secret_ref AS "secretRef"
       FROM orchestras WHERE id = :id::uuid`,
    { id },
  );
  if (!rows[0]) throw notFound(`No orchestra with id ${id}.`);
  return rows[0];
}
