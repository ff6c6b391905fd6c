import { planRefusal, type Plan } from '../../domain/plan-limits';
import { conflict } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import { countOrchestraAdmins } from './count-orchestra-admins';
import { inviteAccount } from './invite-account';

/** An orchestra's admin, invited to set a password at the orchestra's own address. */
export function inviteOrchestraAdmin(
  control: Database,
  input: { orchestraId: string; orchestraName: string; email: string; name?: string; orchestraUrl: string; now: Date },
): Promise<{ userId: string; invited: boolean }> {
  const orchestra = input.orchestraName;
  return inviteAccount(control, {
    email: input.email,
    name: input.name,
    role: 'admin',
    orchestraId: input.orchestraId,
    baseUrl: input.orchestraUrl,
    now: input.now,
    kind: 'admin_invite',
    subject: `Välkommen till ${orchestra} / Welcome to ${orchestra}`,
    whoYouAre: {
      sv: `Du är administratör för ${orchestra} i Orchestra System.`,
      en: `You are an administrator of ${orchestra} in Orchestra System.`,
    },
    guard: (tx, email) => assertRoomForAdmin(tx, input.orchestraId, email),
  });
}

/**
 * The plan's limit on admins (SPEC §4), checked in the invitation's transaction with the orchestra row
 * locked, so two invitations at once cannot both take the last place. Inviting an existing account again
 * stays a no-op (a retried workflow step), so it is never refused.
 */
async function assertRoomForAdmin(tx: Queryable, orchestraId: string, email: string): Promise<void> {
  const { rows } = await tx.query<{ plan: Plan }>(`SELECT plan FROM orchestras WHERE id = :orchestraId::uuid FOR UPDATE`, { orchestraId });
  if (!rows[0]) return;
  // A statement of its own, after the lock: its snapshot sees an invitation that committed while this one waited
  // (one statement would judge "already invited" by its snapshot from before the wait, and refuse a retry).
  const { rows: existing } = await tx.query(`SELECT 1 FROM users WHERE email = :email AND orchestra_id = :orchestraId::uuid`, { orchestraId, email });
  if (existing.length > 0) return;
  const refusal = planRefusal(rows[0].plan, 'admins', await countOrchestraAdmins(tx, orchestraId));
  if (refusal) throw conflict(refusal, 'plan_limit');
}
