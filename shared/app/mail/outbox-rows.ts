import type { TemplateLanguage } from '../../domain/template-variables';
import type { Database } from '../../ports/database';
import type { OutboxAttachment } from './enqueue-email';

/**
 * The outbox's rows as delivery reads and writes them, on an orchestra's database or the control one (which has
 * no requests). Every due row has a respond-by time, its urgency: the earliest is sent first, whichever outbox
 * it is in (SPEC §3.6: most urgent first within the one sending rate).
 */
export type OutboxKind = 'orchestra' | 'control';

/**
 * A request or reminder email: its request's deadline (for a request email not yet sent, the deadline it would
 * have had if sent when queued). Any other orchestra message asks for no answer against a clock and waits up to
 * a day behind those; control messages (password links, invitations: someone waits at a screen) go first.
 */
const respondBy: Record<OutboxKind, string> = {
  orchestra: `CASE WHEN o.kind IN ('request', 'reminder') AND r.id IS NOT NULL THEN r.deadline_at ELSE o.created_at + interval '1 day' END`,
  control: 'o.created_at',
};
const requestJoin: Record<OutboxKind, string> = {
  orchestra: 'LEFT JOIN requests r ON r.id = o.request_id',
  control: '',
};
const due = `o.status IN ('pending', 'sending') AND o.next_attempt_at <= :now`;

/** What a request email's delivery needs to start the request's time and write its deadline. */
export interface RequestTimes {
  requestId: string;
  status: string;
  sentAt: string;
  deadlineAt: string;
  remindAt: string | null;
  /** The musician's language and the orchestra's time zone, in which the deadline is written. */
  language: TemplateLanguage;
  timeZone: string;
}

export interface ClaimedRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: OutboxAttachment[] | null;
  attempts: number;
  /** Set on an orchestra's request email whose request exists. */
  request?: RequestTimes;
}

export interface Claimed {
  rows: ClaimedRow[];
  /** The respond-by time of the most urgent due row left unclaimed, epoch ms; null when none is left. */
  nextRespondBy: number | null;
}

/** The respond-by time of the outbox's most urgent due row (epoch ms), or null when nothing is due. */
export async function mostUrgentDue(db: Database, kind: OutboxKind, now: Date): Promise<number | null> {
  const { rows } = await db.query<{ respond_by: string | null }>(
    `SELECT min(${respondBy[kind]}) AS respond_by FROM outbox o ${requestJoin[kind]} WHERE ${due}`,
    { now },
  );
  return rows[0]?.respond_by ? Date.parse(rows[0].respond_by) : null;
}

/** A row of the claim statement: a claimed row's columns (id null on the row that only reports urgency), flattened. */
interface ClaimRow extends Omit<ClaimedRow, 'id' | 'request'> {
  id: string | null;
  next_respond_by: string | null;
  request_id?: string | null;
  request_status?: string | null;
  request_sent_at?: string | null;
  request_deadline_at?: string | null;
  request_remind_at?: string | null;
  language?: TemplateLanguage | null;
  time_zone?: string | null;
}

/**
 * Claims up to `limit` due rows, most urgent first and none less urgent than `notAfter` (another outbox's most
 * urgent row), with FOR UPDATE SKIP LOCKED, leasing them (status 'sending', next_attempt_at = now + lease,
 * attempts + 1) in the same statement; concurrent deliverers never hold the same row. Also says how urgent the
 * next unclaimed row is, so the caller can weigh this outbox against the others without asking again.
 */
export async function claimDueRows(
  db: Database,
  kind: OutboxKind,
  args: { now: Date; limit: number; notAfter: number | null; leaseMs: number },
): Promise<Claimed> {
  const requestColumns =
    kind === 'orchestra'
      ? `, r.id AS request_id, r.status AS request_status, r.sent_at AS request_sent_at, r.deadline_at AS request_deadline_at,
         r.remind_at AS request_remind_at, m.language, s.time_zone`
      : '';
  const requestJoins =
    kind === 'orchestra'
      ? `LEFT JOIN requests r ON r.id = c.request_id AND c.kind = 'request'
         LEFT JOIN musicians m ON m.id = r.musician_id
         LEFT JOIN settings s ON true`
      : '';
  const { rows } = await db.query<ClaimRow>(
    `WITH due AS (
       SELECT o.id, ${respondBy[kind]} AS respond_by
         FROM outbox o ${requestJoin[kind]}
        WHERE ${due} AND (:notAfter::timestamptz IS NULL OR ${respondBy[kind]} <= :notAfter::timestamptz)
        ORDER BY respond_by, o.next_attempt_at, o.created_at
        LIMIT :limit
        FOR UPDATE OF o SKIP LOCKED
     ),
     claimed AS (
       UPDATE outbox o
          SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = :leaseUntil
         FROM due
        WHERE o.id = due.id
       RETURNING o.id, o.kind, ${kind === 'orchestra' ? 'o.request_id, ' : ''}o.to_address, o.subject, o.text_body, o.html_body,
                 o.attachments, o.attempts, due.respond_by
     ),
     following AS (
       SELECT min(${respondBy[kind]}) AS next_respond_by
         FROM outbox o ${requestJoin[kind]}
        WHERE ${due} AND o.id NOT IN (SELECT id FROM due)
     )
     SELECT c.id, c.kind, c.to_address, c.subject, c.text_body, c.html_body, c.attachments, c.attempts,
            f.next_respond_by ${requestColumns}
       FROM following f
       LEFT JOIN claimed c ON true
       ${requestJoins}
      ORDER BY c.respond_by, c.id`,
    {
      now: args.now,
      limit: args.limit,
      notAfter: args.notAfter === null ? null : new Date(args.notAfter),
      leaseUntil: new Date(args.now.getTime() + args.leaseMs),
    },
  );
  const next = rows[0]?.next_respond_by;
  return {
    rows: rows.filter((r): r is ClaimRow & { id: string } => r.id !== null).map(toClaimedRow),
    nextRespondBy: next ? Date.parse(next) : null,
  };
}

function toClaimedRow(r: ClaimRow & { id: string }): ClaimedRow {
  const row: ClaimedRow = {
    id: r.id,
    kind: r.kind,
    to_address: r.to_address,
    subject: r.subject,
    text_body: r.text_body,
    html_body: r.html_body,
    attachments: r.attachments,
    attempts: r.attempts,
  };
  if (r.request_id && r.request_status && r.request_sent_at && r.request_deadline_at) {
    row.request = {
      requestId: r.request_id,
      status: r.request_status,
      sentAt: r.request_sent_at,
      deadlineAt: r.request_deadline_at,
      remindAt: r.request_remind_at ?? null,
      language: r.language ?? 'sv',
      timeZone: r.time_zone ?? 'Europe/Stockholm',
    };
  }
  return row;
}

/** SQL that blanks the secret part of response links (`/respond/<token>`) and password links (`#token=<token>`). */
function redactLinkSecrets(expression: string): string {
  return `regexp_replace(regexp_replace(${expression}, '/respond/[A-Za-z0-9_-]{16,}', '/respond/[sent]', 'g'), '#token=[A-Za-z0-9_-]{16,}', '#token=[sent]', 'g')`;
}

/** A request email as it went out: its parts with the deadline written in, and the request's time as it now runs. */
export interface DeliveredRequest {
  requestId: string;
  subject: string;
  text: string;
  html: string | null;
  /** When the email was handed to the mail service: the request's sent_at, from which its time runs. */
  sentAt: Date;
  deadlineAt: Date;
  remindAt: Date | null;
}

/**
 * Marks a row sent. Once sent, the copy kept for the communication log loses its link secrets (response and
 * password tokens are stored only as hashes; the outbox must not become a second copy of them). A request
 * email keeps the parts it went out with (deadline written in), and its request, still pending, now runs from
 * this delivery: sent_at, deadline and reminder move by the time the email waited.
 */
export async function markSent(
  db: Database,
  args: { id: string; now: Date; providerMessageId: string; request?: DeliveredRequest },
): Promise<void> {
  const { id, now, providerMessageId, request } = args;
  if (!request) {
    await db.query(
      `UPDATE outbox SET status = 'sent', sent_at = :now, provider_message_id = :providerMessageId, last_error = NULL,
              text_body = ${redactLinkSecrets('text_body')}, html_body = ${redactLinkSecrets('html_body')}
        WHERE id = :id::uuid`,
      { id, now, providerMessageId },
    );
    return;
  }
  await db.query(
    `WITH sent AS (
       UPDATE outbox SET status = 'sent', sent_at = :now, provider_message_id = :providerMessageId, last_error = NULL,
              subject = :subject, text_body = ${redactLinkSecrets(':textBody::text')}, html_body = ${redactLinkSecrets(':htmlBody::text')}
        WHERE id = :id::uuid
       RETURNING request_id
     )
     UPDATE requests r SET sent_at = :sentAt, deadline_at = :deadlineAt, remind_at = :remindAt, updated_at = :now
       FROM sent
      WHERE r.id = sent.request_id AND r.id = :requestId::uuid AND r.status = 'pending' AND r.sent_at < :sentAt`,
    {
      id,
      now,
      providerMessageId,
      subject: request.subject,
      textBody: request.text,
      htmlBody: request.html,
      requestId: request.requestId,
      sentAt: request.sentAt,
      deadlineAt: request.deadlineAt,
      remindAt: request.remindAt,
    },
  );
}

/** Due again after `delay`; guarded by attempts: if our lease ran out and another deliverer claimed the row, its outcome wins. */
export async function markForRetry(db: Database, args: { id: string; attempts: number; error: string; nextAttemptAt: Date }): Promise<void> {
  await db.query(
    `UPDATE outbox SET status = 'pending', next_attempt_at = :nextAttemptAt, last_error = :error
      WHERE id = :id::uuid AND status = 'sending' AND attempts = :attempts`,
    args,
  );
}

export async function markFailed(db: Database, args: { id: string; attempts: number; error: string }): Promise<void> {
  await db.query(
    `UPDATE outbox SET status = 'failed', last_error = :error
      WHERE id = :id::uuid AND status = 'sending' AND attempts = :attempts`,
    args,
  );
}
