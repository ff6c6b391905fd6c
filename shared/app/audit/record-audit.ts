import type { Queryable } from '../../ports/database';

/** Who made a change: the admin of the verified session. */
export interface Actor {
  userId: string;
  email: string;
}

export interface AuditEntry {
  actor: Actor;
  /** e.g. `musician.create`, `ranking_list.reorder`, `need.update`. */
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Every admin mutation writes one audit row in the same transaction as the change (SPEC §2: who changed
 * what, when, before/after), so there is never a change without its entry or an entry without its change.
 */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, actor_email, action, entity_type, entity_id, before, after)
     VALUES (:userId::uuid, :email, :action, :entityType, :entityId, :before::jsonb, :after::jsonb)`,
    {
      userId: entry.actor.userId,
      email: entry.actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : entry.before,
      after: entry.after === undefined ? null : entry.after,
    },
  );
}
