import type { Clock } from '../../ports/clock';
import type { Database, Queryable } from '../../ports/database';
import { enqueueRequestEmails, loadRequestEmailContexts, type RequestEmailContext } from './request-emails';
import { requestEmailDelivered } from './request-delivered';
import { newRequestToken } from './request-token';
import { responseUrl } from './respond-token';

/**
 * Sends the one reminder of every pending request whose reminder is due (SPEC §3.5: at the orchestra's
 * percentage of the response time, stored as remind_at and moved to run from the request email's delivery;
 * nobody is reminded of an email still waiting in the outbox). Rows are claimed with
 * FOR UPDATE SKIP LOCKED and stamped reminded_at in the same transaction as their emails, so two ticks at
 * once never remind twice and never wait on each other or on an answer in flight.
 *
 * The first link's token exists only as a hash, so each reminder carries a fresh token for the same
 * request (request_tokens); either link answers it.
 *
 * A batch costs the same few statements whatever its size (claim, contexts, tokens, a template per
 * language, outbox): on the Data API every statement is an HTTPS call, and a tick may remind hundreds.
 */
export async function sendDueReminders(
  db: Database,
  deps: { clock: Clock; orchestraBaseUrl: string },
  options: ReminderOptions = {},
): Promise<number> {
  return (await sendDueRemindersInTime(db, deps, options)).reminded;
}

export interface ReminderOptions {
  batchSize?: number;
  maxReminders?: number;
  /** Asked before each batch: once true, no new batch is claimed (the tick's time is nearly up). */
  outOfTime?: () => boolean;
}

/**
 * sendDueReminders for the tick, which must stop starting batches when its time is nearly up: deferred says a
 * batch was not started for lack of time while more may be due (the next tick sends them; remind_at stays due).
 */
export async function sendDueRemindersInTime(
  db: Database,
  deps: { clock: Clock; orchestraBaseUrl: string },
  options: ReminderOptions = {},
): Promise<{ reminded: number; deferred: boolean }> {
  const batchSize = options.batchSize ?? 200;
  const max = options.maxReminders ?? 2000;
  let total = 0;
  while (total < max) {
    if (options.outOfTime?.()) return { reminded: total, deferred: true };
    const now = deps.clock.now();
    const claimed = await db.transaction(async (tx) => {
      const requestIds = await claimDueReminders(tx, now, Math.min(batchSize, max - total));
      const contexts = await loadRequestEmailContexts(tx, requestIds);
      // An erased musician (no address) is stamped and told nothing, so needs no link either.
      const reminders = contexts.filter((ctx) => ctx.musician.email).map((ctx) => ({ ctx, ...newRequestToken() }));
      await insertRequestTokens(tx, reminders);
      await enqueueRequestEmails(
        tx,
        'reminder',
        reminders.map(({ ctx, token }) => ({ ctx, responseUrl: responseUrl(deps.orchestraBaseUrl, token) })),
      );
      return requestIds.length;
    });
    total += claimed;
    if (claimed < batchSize) break;
  }
  return { reminded: total, deferred: false };
}

/** Claims and stamps up to `limit` due reminders, skipping rows another tick or an answer holds. */
async function claimDueReminders(tx: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `WITH due AS (
       SELECT id FROM requests
        WHERE status = 'pending' AND reminded_at IS NULL AND remind_at <= :now AND deadline_at > :now AND ${requestEmailDelivered}
        ORDER BY remind_at
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
     )
     UPDATE requests r SET reminded_at = :now, updated_at = :now
       FROM due
      WHERE r.id = due.id AND r.reminded_at IS NULL
     RETURNING r.id`,
    { now, limit },
  );
  return rows.map((r) => r.id);
}

/** The batch's new links in one statement; rows travel as jsonb because the Data API has no arrays. */
async function insertRequestTokens(tx: Queryable, tokens: { ctx: RequestEmailContext; tokenHash: string }[]): Promise<void> {
  if (tokens.length === 0) return;
  await tx.query(
    `INSERT INTO request_tokens (token_hash, request_id)
     SELECT t."tokenHash", t."requestId" FROM jsonb_to_recordset(:tokens::jsonb) AS t("tokenHash" text, "requestId" uuid)`,
    { tokens: tokens.map(({ ctx, tokenHash }) => ({ tokenHash, requestId: ctx.requestId })) },
  );
}
