import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../ports/database';

/** A file to attach at delivery time, read from the FileStore by its key (the outbox keeps no bytes). */
export interface StoredOutboxAttachment {
  filename: string;
  contentType: string;
  storageKey: string;
}

/**
 * A small generated file (e.g. the confirmation's .ics) kept in the row itself, base64, because it exists
 * nowhere else. Only for a few kilobytes: real files go through the FileStore.
 */
export interface InlineOutboxAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export type OutboxAttachment = StoredOutboxAttachment | InlineOutboxAttachment;

export interface EmailToEnqueue {
  /** What the message is for, e.g. 'request', 'reminder', 'password_reset'. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: OutboxAttachment[];
  /** Orchestra outbox only: the request this email belongs to. */
  requestId?: string;
  /** Orchestra outbox only: the group email this message is part of. */
  groupEmailId?: string;
}

/**
 * Writes one outbox row inside the caller's transaction, so the email exists if and only if the
 * business change that caused it commits. Delivery happens later (deliver-outbox).
 */
export async function enqueueEmail(tx: Queryable, email: EmailToEnqueue): Promise<{ id: string }> {
  const [written] = await enqueueEmails(tx, [email]);
  return written;
}

/**
 * Writes several outbox rows inside the caller's transaction with one statement, so a batch of messages
 * (a tick's reminders) costs one round trip on the Data API rather than one per email. Very long emails
 * are split over a few statements (see maxRowBytesPerStatement). The ids are made here, not by the
 * database, so they come back in the order of `emails` without relying on RETURNING's order.
 */
export async function enqueueEmails(tx: Queryable, emails: EmailToEnqueue[]): Promise<{ id: string }[]> {
  const rows = emails.map(outboxRow);
  for (const chunk of chunksBySize(rows, maxRowBytesPerStatement)) await insertOutboxRows(tx, chunk);
  return rows.map(({ id }) => ({ id }));
}

/**
 * JSON of rows per statement. The Data API refuses a request over 4 MiB and a template body may have
 * 20,000 characters (text and html of it per row), so a batch of long emails is cut; a tick's usual
 * reminders (a few KB each) fit in one statement.
 */
const maxRowBytesPerStatement = 1024 * 1024;

/** An outbox row as JSON, keyed by column name, for jsonb_to_recordset. */
interface OutboxRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: OutboxAttachment[];
  request_id?: string;
  group_email_id?: string;
}

function outboxRow(email: EmailToEnqueue): OutboxRow {
  return {
    id: randomUUID(),
    kind: email.kind,
    to_address: email.to.trim(),
    subject: email.subject,
    text_body: email.text,
    html_body: email.html ?? null,
    // Only the known fields: the row is read back as an attachment list at delivery.
    attachments: (email.attachments ?? []).map((a) =>
      'contentBase64' in a
        ? { filename: a.filename, contentType: a.contentType, contentBase64: a.contentBase64 }
        : { filename: a.filename, contentType: a.contentType, storageKey: a.storageKey },
    ),
    request_id: email.requestId,
    group_email_id: email.groupEmailId,
  };
}

/** Consecutive runs of rows whose JSON stays within maxBytes (a single larger row still gets its own). */
function chunksBySize(rows: OutboxRow[], maxBytes: number): OutboxRow[][] {
  const chunks: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row), 'utf8');
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const outboxColumns: [name: keyof OutboxRow, type: string][] = [
  ['id', 'uuid'],
  ['kind', 'text'],
  ['to_address', 'text'],
  ['subject', 'text'],
  ['text_body', 'text'],
  ['html_body', 'text'],
  ['attachments', 'jsonb'],
];

/**
 * One multi-row INSERT; rows travel as one jsonb parameter because the Data API has no array parameters.
 * request_id and group_email_id are named only when some row has one, so the same call works on the
 * control outbox, which has neither column.
 */
async function insertOutboxRows(tx: Queryable, rows: OutboxRow[]): Promise<void> {
  const columns = [...outboxColumns];
  if (rows.some((r) => r.request_id !== undefined)) columns.push(['request_id', 'uuid']);
  if (rows.some((r) => r.group_email_id !== undefined)) columns.push(['group_email_id', 'uuid']);
  const names = columns.map(([name]) => name).join(', ');
  const definitions = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  await tx.query(`INSERT INTO outbox (${names}) SELECT ${names} FROM jsonb_to_recordset(:rows::jsonb) AS e(${definitions})`, { rows });
}
