import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { RetryProvisioningBody } from '../../schemas/superadmin';

/**
 * What an orchestra's provisioning runs with besides its registry details (SPEC §4): the first admin and
 * the backup restored, if any. Kept with the registry row (control migration 0003) so that another
 * attempt after a failure runs with the same inputs unless the superadmin changes them.
 */
export interface ProvisioningInputs {
  adminEmail: string;
  /** null: the invitation greets no name. */
  adminName: string | null;
  /** Key of the backup file restored; null: the standard seed. */
  restoreFrom: string | null;
}

/** The inputs the orchestra's last provisioning ran with; an orchestra from before they were kept invites its contact. */
export async function readProvisioningInputs(db: Queryable, orchestraId: string): Promise<ProvisioningInputs> {
  const { rows } = await db.query<ProvisioningInputs>(
    `SELECT coalesce(first_admin_email, contact_email) AS "adminEmail", first_admin_name AS "adminName", restore_from AS "restoreFrom"
       FROM orchestras WHERE id = :id::uuid`,
    { id: orchestraId },
  );
  if (!rows[0]) throw notFound(`No orchestra with id ${orchestraId}.`);
  return rows[0];
}

export async function saveProvisioningInputs(db: Queryable, orchestraId: string, inputs: ProvisioningInputs): Promise<void> {
  await db.query(
    `UPDATE orchestras SET first_admin_email = :adminEmail, first_admin_name = :adminName, restore_from = :restoreFrom WHERE id = :id::uuid`,
    { id: orchestraId, ...inputs },
  );
}

/**
 * A retry's inputs: each one the superadmin left out is the failed attempt's. The name kept belongs to the
 * admin kept: naming another admin's email without a name invites that admin without one.
 */
export function retryInputs(previous: ProvisioningInputs, body: RetryProvisioningBody): ProvisioningInputs {
  const adminEmail = body.adminEmail ?? previous.adminEmail;
  const sameAdmin = adminEmail === previous.adminEmail;
  return {
    adminEmail,
    adminName: body.adminName !== undefined ? body.adminName || null : sameAdmin ? previous.adminName : null,
    restoreFrom: body.restoreFrom === undefined ? previous.restoreFrom : body.restoreFrom,
  };
}
