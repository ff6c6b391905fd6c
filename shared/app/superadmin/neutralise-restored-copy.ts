import type { Queryable } from '../../ports/database';

/**
 * SPEC §7.6: a backup restored as a new orchestra is a copy, not a second live orchestra. Whatever the
 * original had in flight would otherwise go on in the copy's name: its pending requests time out and
 * refill to the next musician, its reminders and queued emails go out. So, in the restore's own
 * transaction, every project is paused, every pending request is cancelled (nobody is emailed: no outbox
 * row is written), every message not yet handed to the mail service is held back as failed with the
 * reason, and every response link of the original stops answering in the copy.
 */
export interface NeutralisedCopy {
  projectsPaused: number;
  requestsCancelled: number;
  messagesHeld: number;
  linksRevoked: number;
}

/** Shown on the held messages in the communication log. */
export const heldMessageReason = 'Not sent: this orchestra was restored from a backup, and the copy sends nothing the original had queued.';

export async function neutraliseRestoredCopy(tx: Queryable, now: Date): Promise<NeutralisedCopy> {
  const { rows: paused } = await tx.query<{ n: number }>(
    `WITH p AS (UPDATE projects SET paused = true, updated_at = :now WHERE NOT paused RETURNING 1) SELECT count(*)::int AS n FROM p`,
    { now },
  );
  const { rows: cancelled } = await tx.query<{ n: number }>(
    `WITH r AS (UPDATE requests SET status = 'cancelled', closed_at = :now, updated_at = :now WHERE status = 'pending' RETURNING 1)
     SELECT count(*)::int AS n FROM r`,
    { now },
  );
  const { rows: held } = await tx.query<{ n: number }>(
    `WITH o AS (UPDATE outbox SET status = 'failed', last_error = :reason WHERE status IN ('pending', 'sending') RETURNING 1)
     SELECT count(*)::int AS n FROM o`,
    { reason: heldMessageReason },
  );
  // The original's links carry tokens whose hashes the copy holds: new random hashes nobody has a token for.
  const { rows: links } = await tx.query<{ n: number }>(
    `WITH t AS (
       UPDATE requests SET token_hash = encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex') RETURNING 1
     ) SELECT count(*)::int AS n FROM t`,
  );
  let linksRevoked = links[0].n;
  // Further links (reminders) exist from schema 0006 on; a restore runs at the backup's own version.
  const { rows: hasTokens } = await tx.query<{ present: boolean }>(`SELECT to_regclass('request_tokens') IS NOT NULL AS present`);
  if (hasTokens[0].present) {
    const { rows: further } = await tx.query<{ n: number }>(`WITH d AS (DELETE FROM request_tokens RETURNING 1) SELECT count(*)::int AS n FROM d`);
    linksRevoked += further[0].n;
  }
  const result = { projectsPaused: paused[0].n, requestsCancelled: cancelled[0].n, messagesHeld: held[0].n, linksRevoked };
  // The copy's admins see in their audit log why everything stands still.
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, actor_email, action, entity_type, entity_id, before, after, at)
     VALUES (NULL, NULL, 'orchestra.restore', 'orchestra', NULL, NULL, :after::jsonb, :now)`,
    { after: result, now },
  );
  return result;
}
