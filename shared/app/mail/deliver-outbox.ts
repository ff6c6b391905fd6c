import type { Clock } from '../../ports/clock';
import type { Database } from '../../ports/database';
import { MailDeliveryError, type EmailAttachment, type Mailer } from '../../ports/mailer';
import type { OutboxAttachment } from './enqueue-email';

export interface DeliverOutboxDeps {
  mailer: Mailer;
  /** Sender, e.g. 'Orchestra System <no-reply@example.org>'. */
  from: string;
  replyTo?: string;
  clock: Clock;
  /** Reads an attachment's bytes by its storage key (the FileStore). Needed only for rows with attachments. */
  loadAttachment?: (storageKey: string) => Promise<Buffer>;
  /** Sending budget of this call, in messages per second (SES sending rate). */
  maxPerSecond: number;
  /** Stop after this many messages (keeps one tick inside its time limit). Unlimited when not given. */
  maxMessages?: number;
  /** Asked before each claim: once true, no new rows are claimed (the rows already claimed are still sent). */
  outOfTime?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per message before it is marked failed. */
  maxAttempts?: number;
  /** How long a claimed row belongs to this call; after that another deliverer may take it. */
  leaseSeconds?: number;
  /** The orchestra whose outbox this is, sent as a provider tag so bounces come back to it. */
  orchestraId?: string;
}

export interface DeliverOutboxResult {
  sent: number;
  failed: number;
  retried: number;
  /** Set when claiming stopped because outOfTime said so; due rows may be left for the next call. */
  deferred?: true;
}

interface ClaimedRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: OutboxAttachment[] | null;
  attempts: number;
}

const defaultMaxAttempts = 6;
const defaultLeaseSeconds = 300;
const firstRetryMs = 60_000;
const maxRetryMs = 60 * 60_000;

/** Delay before try number `attempts + 1`: 1 min, 2, 4, 8 … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, attempts - 1), maxRetryMs);
}

/** SQL that blanks the secret part of response links (`/respond/<token>`) and password links (`#token=<token>`). */
function redactLinkSecrets(column: string): string {
  return `regexp_replace(regexp_replace(${column}, '/respond/[A-Za-z0-9_-]{16,}', '/respond/[sent]', 'g'), '#token=[A-Za-z0-9_-]{16,}', '#token=[sent]', 'g')`;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers due outbox rows. Rows are claimed a few at a time with FOR UPDATE SKIP LOCKED and leased
 * (status 'sending', next_attempt_at = now + lease, attempts + 1) in one short statement, so
 * concurrent deliverers never hold the same row; the mailer is called outside any transaction.
 * A crash after the claim leaves the row 'sending' until the lease runs out, then it is claimed again:
 * delivery is at least once.
 */
export async function deliverOutbox(db: Database, deps: DeliverOutboxDeps): Promise<DeliverOutboxResult> {
  if (!(deps.maxPerSecond > 0)) throw new Error('maxPerSecond must be positive');
  const maxAttempts = deps.maxAttempts ?? defaultMaxAttempts;
  const leaseMs = (deps.leaseSeconds ?? defaultLeaseSeconds) * 1000;
  const sleep = deps.sleep ?? realSleep;
  const limit = deps.maxMessages ?? Number.POSITIVE_INFINITY;
  // Even spacing (not bursts) keeps us under SES's per-second rate whatever the batch size.
  const intervalMs = 1000 / deps.maxPerSecond;
  // Claim about one second's worth at a time so leases are short-lived and concurrent deliverers share the work.
  const batchSize = Math.max(1, Math.floor(deps.maxPerSecond));

  const result: DeliverOutboxResult = { sent: 0, failed: 0, retried: 0 };
  let processed = 0;
  let lastSendAt: number | undefined;

  while (processed < limit) {
    if (deps.outOfTime?.()) {
      result.deferred = true;
      break;
    }
    const rows = await claim(db, deps.clock.now(), Math.min(batchSize, limit - processed), leaseMs);
    if (rows.length === 0) break;

    for (const row of rows) {
      if (lastSendAt !== undefined) {
        const wait = lastSendAt + intervalMs - deps.clock.now().getTime();
        if (wait > 0) await sleep(wait);
      }
      lastSendAt = deps.clock.now().getTime();
      processed += 1;

      const outcome = await sendOne(row, deps);
      if (outcome.ok) {
        await db.query(
          // Once sent, the copy kept for the communication log loses its link secrets (response and
          // password tokens are stored only as hashes; the outbox must not become a second copy of them).
          `UPDATE outbox SET status = 'sent', sent_at = :now, provider_message_id = :providerMessageId, last_error = NULL,
                  text_body = ${redactLinkSecrets('text_body')}, html_body = ${redactLinkSecrets('html_body')}
           WHERE id = :id::uuid`,
          { id: row.id, now: deps.clock.now(), providerMessageId: outcome.messageId },
        );
        result.sent += 1;
      } else if (outcome.transient && row.attempts < maxAttempts) {
        await db.query(
          // Guarded by attempts: if our lease ran out and another deliverer claimed the row, its outcome wins.
          `UPDATE outbox SET status = 'pending', next_attempt_at = :nextAttemptAt, last_error = :error
           WHERE id = :id::uuid AND status = 'sending' AND attempts = :attempts`,
          {
            id: row.id,
            attempts: row.attempts,
            error: outcome.error,
            nextAttemptAt: new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts)),
          },
        );
        result.retried += 1;
      } else {
        await db.query(
          `UPDATE outbox SET status = 'failed', last_error = :error
           WHERE id = :id::uuid AND status = 'sending' AND attempts = :attempts`,
          { id: row.id, attempts: row.attempts, error: outcome.error },
        );
        result.failed += 1;
      }
    }
  }
  return result;
}

async function claim(db: Database, now: Date, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  const { rows } = await db.query<ClaimedRow>(
    `WITH due AS (
       SELECT id FROM outbox
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= :now
       ORDER BY next_attempt_at, created_at
       LIMIT :limit
       FOR UPDATE SKIP LOCKED
     )
     UPDATE outbox o
     SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = :leaseUntil
     FROM due
     WHERE o.id = due.id
     RETURNING o.id, o.to_address, o.subject, o.text_body, o.html_body, o.attachments, o.attempts`,
    { now, limit, leaseUntil: new Date(now.getTime() + leaseMs) },
  );
  return rows;
}

type SendOutcome = { ok: true; messageId: string } | { ok: false; transient: boolean; error: string };

async function sendOne(row: ClaimedRow, deps: DeliverOutboxDeps): Promise<SendOutcome> {
  let attachments: EmailAttachment[];
  try {
    attachments = await loadAttachments(row.attachments ?? [], deps.loadAttachment);
  } catch (error) {
    if (error instanceof MailDeliveryError) return { ok: false, transient: error.transient, error: error.message };
    // A storage hiccup is worth another try; a file that is truly gone fails after the last attempt.
    return { ok: false, transient: true, error: `attachment could not be loaded: ${describe(error)}` };
  }
  try {
    const { messageId } = await deps.mailer.send({
      from: deps.from,
      to: [row.to_address],
      ...(deps.replyTo ? { replyTo: deps.replyTo } : {}),
      subject: row.subject,
      text: row.text_body,
      ...(row.html_body !== null ? { html: row.html_body } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      headers: { 'X-Orchestra-Outbox-Id': row.id },
      tags: { outbox_id: row.id, ...(deps.orchestraId ? { orchestra_id: deps.orchestraId } : {}) },
    });
    return { ok: true, messageId };
  } catch (error) {
    if (error instanceof MailDeliveryError) return { ok: false, transient: error.transient, error: error.message };
    // An unclassified error gave no verdict on the message: retry, bounded by maxAttempts.
    return { ok: false, transient: true, error: describe(error) };
  }
}

async function loadAttachments(
  list: OutboxAttachment[],
  load: DeliverOutboxDeps['loadAttachment'],
): Promise<EmailAttachment[]> {
  if (list.length === 0) return [];
  return Promise.all(
    list.map(async (a) => {
      if ('contentBase64' in a) return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') };
      if (!load) throw new MailDeliveryError('message has attachments but no attachment loader is configured', false);
      return { filename: a.filename, contentType: a.contentType, content: await load(a.storageKey) };
    }),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
