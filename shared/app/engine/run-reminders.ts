import type { Clock } from '../../ports/clock';
import type { Database } from '../../ports/database';
import { enqueueRequestEmail, loadRequestEmailContexts } from './request-emails';
import { newRequestToken } from './request-token';
import { responseUrl } from './respond-token';

/**
 * Sends the one reminder of every pending request whose reminder is due (SPEC §3.5: at the orchestra's
 * percentage of the response time, stored as remind_at when the request was sent). Rows are claimed with
 * FOR UPDATE SKIP LOCKED and stamped reminded_at in the same transaction as their emails, so two ticks at
 * once never remind twice and never wait on each other or on an answer in flight.
 *
 * The first link's token exists only as a hash, so each reminder carries a fresh token for the same
 * request (request_tokens); either link answers it.
 */
export async function sendDueReminders(
  db: Database,
  deps: { clock: Clock; orchestraBaseUrl: string },
  options: { batchSize?: number; maxReminders?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const max = options.maxReminders ?? 2000;
  let total = 0;
  while (total < max) {
    const now = deps.clock.now();
    const claimed = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT id FROM requests
            WHERE status = 'pending' AND reminded_at IS NULL AND remind_at <= :now AND deadline_at > :now
            ORDER BY remind_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
         )
         UPDATE requests r SET reminded_at = :now, updated_at = :now
           FROM due
          WHERE r.id = due.id AND r.reminded_at IS NULL
         RETURNING r.id`,
        { now, limit: Math.min(batchSize, max - total) },
      );
      const contexts = await loadRequestEmailContexts(tx, rows.map((r) => r.id));
      for (const ctx of contexts) {
        const { token, tokenHash } = newRequestToken();
        await tx.query(`INSERT INTO request_tokens (token_hash, request_id) VALUES (:tokenHash, :requestId::uuid)`, {
          tokenHash,
          requestId: ctx.requestId,
        });
        await enqueueRequestEmail(tx, 'reminder', ctx, { responseUrl: responseUrl(deps.orchestraBaseUrl, token) });
      }
      return rows.length;
    });
    total += claimed;
    if (claimed < batchSize) break;
  }
  return total;
}
