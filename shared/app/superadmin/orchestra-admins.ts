import { conflict, notFound } from '../../http/errors';
import { planRefusal } from '../../domain/plan-limits';
import type { Database, Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { InviteAdminBody } from '../../schemas/superadmin';
import { countOrchestraAdmins } from '../accounts/count-orchestra-admins';
import { inviteOrchestraAdmin } from '../accounts/invite-orchestra-admin';
import { requestPasswordReset } from '../accounts/password-reset';
import { voidOpenPasswordTokens } from '../accounts/password-tokens';
import { revokeUserSessions } from '../accounts/sessions';
import type { Actor } from '../audit/record-audit';
import { joiningTransactions, recordControlAudit } from './control-audit';
import { requireOrchestraRow } from './orchestra-rows';

/** An orchestra's admin account as the superadmin manages it (SPEC §4: invite, deactivate, reactivate, reset password). */
export interface OrchestraAdmin {
  id: string;
  email: string;
  name: string;
  active: boolean;
  /** False until the invited admin has chosen a password. */
  passwordSet: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

const selectAdmin = `
  SELECT id::text AS id, email, name, active, password_hash IS NOT NULL AS "passwordSet",
         created_at AS "createdAt", last_login_at AS "lastLoginAt"
    FROM users`;

export async function listOrchestraAdmins(control: Queryable, orchestraId: string): Promise<Page<OrchestraAdmin>> {
  await requireOrchestraRow(control, orchestraId);
  const { rows } = await control.query<OrchestraAdmin>(`${selectAdmin} WHERE role = 'admin' AND orchestra_id = :id::uuid ORDER BY email`, { id: orchestraId });
  return { items: rows, total: rows.length };
}

async function requireAdmin(control: Queryable, orchestraId: string, userId: string): Promise<OrchestraAdmin> {
  const { rows } = await control.query<OrchestraAdmin>(`${selectAdmin} WHERE id = :userId::uuid AND role = 'admin' AND orchestra_id = :id::uuid`, {
    userId,
    id: orchestraId,
  });
  if (!rows[0]) throw notFound(`This orchestra has no admin with id ${userId}.`);
  return rows[0];
}

/** Statuses whose admins may be managed: the orchestra exists and is not retired. */
const manageable = new Set(['active', 'suspended']);

/**
 * Invites an admin (an account without a password and an emailed link to set one), within the plan's
 * admin limit. The audit row commits in the invitation's own transaction.
 */
export async function inviteAdmin(
  control: Database,
  actor: Actor,
  input: { orchestraId: string; body: InviteAdminBody; orchestraUrl: string; now: Date },
): Promise<OrchestraAdmin> {
  const orchestra = await requireOrchestraRow(control, input.orchestraId);
  if (!manageable.has(orchestra.status)) throw conflict(`${orchestra.name} is ${orchestra.status}: its admins cannot be changed.`, 'wrong_status');
  const { rows: existing } = await control.query<{ id: string; active: boolean }>(
    `SELECT id::text AS id, active FROM users WHERE email = :email AND orchestra_id = :id::uuid`,
    { email: input.body.email, id: input.orchestraId },
  );
  if (existing[0]) {
    throw conflict(`${input.body.email} is already ${existing[0].active ? 'an' : 'a deactivated'} admin of ${orchestra.name}.`, 'admin_exists');
  }
  const { rows: counted } = await control.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND orchestra_id = :id::uuid AND active`,
    { id: input.orchestraId },
  );
  const refusal = planRefusal(orchestra.plan, 'admins', counted[0].n);
  if (refusal) throw conflict(refusal, 'plan_limit');

  // inviteOrchestraAdmin runs its own transaction; the audit row joins it through this wrapper.
  const auditing = joiningTransactions<{ userId: string }>(control, (tx, { userId }) =>
    recordControlAudit(tx, {
      actor,
      action: 'orchestra_admin.invite',
      entityType: 'user',
      entityId: userId,
      after: { orchestraId: input.orchestraId, email: input.body.email, name: input.body.name ?? '' },
    }),
  );
  const { userId } = await inviteOrchestraAdmin(auditing, {
    orchestraId: input.orchestraId,
    orchestraName: orchestra.name,
    email: input.body.email,
    name: input.body.name,
    orchestraUrl: input.orchestraUrl,
    now: input.now,
  });
  return requireAdmin(control, input.orchestraId, userId);
}

/** Deactivates an admin: no more logins, and the admin's sessions end now. */
export async function deactivateAdmin(control: Database, actor: Actor, input: { orchestraId: string; userId: string; now: Date }): Promise<OrchestraAdmin> {
  return control.transaction(async (tx) => {
    await requireOrchestraRow(tx, input.orchestraId);
    const before = await requireAdmin(tx, input.orchestraId, input.userId);
    if (!before.active) throw conflict(`${before.email} is already deactivated.`, 'already_deactivated');
    await tx.query(`UPDATE users SET active = false WHERE id = :userId::uuid`, { userId: input.userId });
    await revokeUserSessions(tx, input.userId, input.now);
    await recordControlAudit(tx, { actor, action: 'orchestra_admin.deactivate', entityType: 'user', entityId: input.userId, before: { active: true }, after: { active: false } });
    return requireAdmin(tx, input.orchestraId, input.userId);
  });
}

/**
 * Undoes a deactivation: the admin logs in again with the password they had (sessions ended at deactivation
 * stay ended). Counts against the plan's admin limit like an invitation, checked with the orchestra row locked
 * so a reactivation and an invitation at once cannot both take the last place. Links to set a password sent
 * before the deactivation stay dead: a superadmin sends a fresh reset link when one is needed.
 * Reactivating an active admin is a 409, like deactivating a deactivated one.
 */
export async function reactivateAdmin(control: Database, actor: Actor, input: { orchestraId: string; userId: string; now: Date }): Promise<OrchestraAdmin> {
  return control.transaction(async (tx) => {
    // Locked first: the plan and the count below hold until commit (an invitation takes the same lock).
    const orchestra = await requireOrchestraRow(tx, input.orchestraId, { forUpdate: true });
    const before = await requireAdmin(tx, input.orchestraId, input.userId);
    if (!manageable.has(orchestra.status)) throw conflict(`${orchestra.name} is ${orchestra.status}: its admins cannot be changed.`, 'wrong_status');
    if (before.active) throw conflict(`${before.email} is already active.`, 'already_active');
    const refusal = planRefusal(orchestra.plan, 'admins', await countOrchestraAdmins(tx, input.orchestraId));
    if (refusal) throw conflict(refusal, 'plan_limit');
    await tx.query(`UPDATE users SET active = true WHERE id = :userId::uuid`, { userId: input.userId });
    await voidOpenPasswordTokens(tx, input.userId, input.now);
    await recordControlAudit(tx, { actor, action: 'orchestra_admin.reactivate', entityType: 'user', entityId: input.userId, before: { active: false }, after: { active: true } });
    return requireAdmin(tx, input.orchestraId, input.userId);
  });
}

/** Emails the admin a single-use reset link (the same link and limits as the self-service reset). */
export async function resetAdminPassword(
  control: Database,
  actor: Actor,
  input: { orchestraId: string; userId: string; orchestraUrl: string; now: Date },
): Promise<void> {
  const orchestra = await requireOrchestraRow(control, input.orchestraId);
  if (!manageable.has(orchestra.status)) throw conflict(`${orchestra.name} is ${orchestra.status}: its admins cannot be changed.`, 'wrong_status');
  const admin = await requireAdmin(control, input.orchestraId, input.userId);
  if (!admin.active) throw conflict(`${admin.email} is deactivated: a reset link would not let them log in.`, 'deactivated');
  const auditing = joiningTransactions(control, (tx) =>
    recordControlAudit(tx, { actor, action: 'orchestra_admin.reset_password', entityType: 'user', entityId: input.userId }),
  );
  await requestPasswordReset(auditing, { email: admin.email, orchestraId: input.orchestraId, baseUrl: input.orchestraUrl, now: input.now });
}
