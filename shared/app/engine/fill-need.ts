import type { Queryable } from '../../ports/database';
import { enqueueRequestEmails, loadRequestEmailContexts } from './request-emails';

/**
 * A need whose last seat was just taken (a yes, or the quantity lowered to the accepted count): it becomes
 * 'filled' and every request of it still waiting is cancelled, each musician told with the position_filled
 * email (SPEC §3.2 first_come; for the other strategies there is usually nobody left waiting). Runs in the
 * caller's transaction, which holds the need's row lock.
 */
export async function closeFilledNeed(tx: Queryable, needId: string, now: Date): Promise<{ cancelled: number }> {
  await tx.query(
    `UPDATE needs SET status = 'filled', status_changed_at = :now, updated_at = :now
      WHERE id = :needId::uuid AND status IN ('active', 'paused', 'exhausted')`,
    { needId, now },
  );
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE requests SET status = 'cancelled', closed_at = :now, updated_at = :now
      WHERE need_id = :needId::uuid AND status = 'pending'
      RETURNING id`,
    { needId, now },
  );
  const contexts = await loadRequestEmailContexts(tx, rows.map((r) => r.id));
  // One outbox write for everyone waiting: a first_come need may have asked a whole list.
  await enqueueRequestEmails(tx, 'position_filled', contexts.map((ctx) => ({ ctx })));
  return { cancelled: rows.length };
}

/** Locks a need's row (the engine's order: need first, then its requests) and counts its seats. */
export async function lockNeedSeats(
  tx: Queryable,
  needId: string,
): Promise<{ id: string; code: string; projectId: string; quantity: number; status: string; accepted: number; pending: number }> {
  const { rows } = await tx.query<{ id: string; code: string; project_id: string; quantity: number; status: string }>(
    `SELECT id, code, project_id, quantity, status FROM needs WHERE id = :needId::uuid FOR UPDATE`,
    { needId },
  );
  const need = rows[0];
  if (!need) throw new Error(`need ${needId} vanished`);
  const { rows: counts } = await tx.query<{ accepted: number; pending: number }>(
    `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted, count(*) FILTER (WHERE status = 'pending')::int AS pending
       FROM requests WHERE need_id = :needId::uuid`,
    { needId },
  );
  return { id: need.id, code: need.code, projectId: need.project_id, quantity: need.quantity, status: need.status, ...counts[0] };
}
