import type { Database, Queryable } from '../../ports/database';
import type { Actor } from '../audit/record-audit';

/**
 * The superadmin's audit trail lives in the control database (its audit_log has no actor_email column:
 * the actor is an account of that same database). Written in the same transaction as the change.
 */
export async function recordControlAudit(
  tx: Queryable,
  entry: { actor: Actor; action: string; entityType: string; entityId: string | null; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, action, entity_type, entity_id, before, after)
     VALUES (:userId::uuid, :action, :entityType, :entityId, :before::jsonb, :after::jsonb)`,
    {
      userId: entry.actor.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : entry.before,
      after: entry.after === undefined ? null : entry.after,
    },
  );
}

/**
 * The control database, with `then` run at the end of every transaction a use case opens on it: lets an
 * existing use case that owns its transaction (an invitation, a reset link) carry the audit row with it.
 */
export function joiningTransactions<T>(control: Database, then: (tx: Queryable, result: T) => Promise<void>): Database {
  return {
    query: (sql, params) => control.query(sql, params),
    close: () => control.close(),
    transaction: (fn) =>
      control.transaction(async (tx) => {
        const result = await fn(tx);
        await then(tx, result as T);
        return result;
      }),
  } as Database;
}
