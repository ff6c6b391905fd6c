import type { Queryable } from '../../ports/database';
import type { StoredOutboxAttachment as OutboxAttachment } from '../mail/enqueue-email';

export interface RequestToWrite {
  needId: string;
  musicianId: string;
  tokenHash: string;
  wave: number;
  rank: number;
  deadlineAt: Date;
  remindAt: Date;
  email: { to: string; subject: string; text: string; html: string; attachments: OutboxAttachment[] };
}

/** Rows per statement: far below the Data API's 4 MiB request limit even with long emails. */
const requestsPerStatement = 500;
const emailsPerStatement = 40;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes a batch of requests and their request emails (the same outbox rows enqueueEmail writes) in a few
 * statements rather than two per musician: a first_come wave to a whole list stays one round trip or two
 * through the Data API. Runs in the caller's transaction.
 */
export async function writeRequests(
  tx: Queryable,
  projectId: string,
  sentAt: Date,
  requests: RequestToWrite[],
): Promise<{ id: string; code: string; needId: string; musicianId: string }[]> {
  const written = new Map<string, { id: string; code: string; needId: string; musicianId: string }>();
  for (const chunk of chunks(requests, requestsPerStatement)) {
    const { rows } = await tx.query<{ id: string; code: string; needId: string; musicianId: string }>(
      `INSERT INTO requests (need_id, project_id, musician_id, token_hash, wave, rank_at_send, sent_at, deadline_at, remind_at)
       SELECT r."needId", :projectId::uuid, r."musicianId", r."tokenHash", r.wave, r.rank, :sentAt, r."deadlineAt", r."remindAt"
         FROM jsonb_to_recordset(:rows::jsonb)
           AS r("needId" uuid, "musicianId" uuid, "tokenHash" text, wave int, rank int, "deadlineAt" timestamptz, "remindAt" timestamptz)
       RETURNING id, code, need_id AS "needId", musician_id AS "musicianId"`,
      {
        projectId,
        sentAt,
        rows: chunk.map((r) => ({
          needId: r.needId,
          musicianId: r.musicianId,
          tokenHash: r.tokenHash,
          wave: r.wave,
          rank: r.rank,
          deadlineAt: r.deadlineAt.toISOString(),
          remindAt: r.remindAt.toISOString(),
        })),
      },
    );
    // A musician is asked once per batch (the planner guarantees it), so the musician names the row.
    for (const row of rows) written.set(row.musicianId, row);
  }
  for (const chunk of chunks(requests, emailsPerStatement)) {
    await tx.query(
      `INSERT INTO outbox (kind, to_address, subject, text_body, html_body, attachments, request_id)
       SELECT 'request', e."to", e.subject, e.text, e.html, e.attachments, e."requestId"
         FROM jsonb_to_recordset(:emails::jsonb) AS e("to" text, subject text, text text, html text, attachments jsonb, "requestId" uuid)`,
      {
        emails: chunk.map((r) => ({
          to: r.email.to.trim(),
          subject: r.email.subject,
          text: r.email.text,
          html: r.email.html,
          attachments: r.email.attachments.map(({ filename, contentType, storageKey }) => ({ filename, contentType, storageKey })),
          requestId: written.get(r.musicianId)!.id,
        })),
      },
    );
  }
  // In the order asked, as the plan lists them.
  return requests.map((r) => written.get(r.musicianId)!);
}
