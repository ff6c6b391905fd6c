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
 * request_id and group_email_id are named only when given, so the same call works on the control
 * outbox, which has neither column.
 */
export async function enqueueEmail(tx: Queryable, email: EmailToEnqueue): Promise<{ id: string }> {
  const columns = ['kind', 'to_address', 'subject', 'text_body', 'html_body', 'attachments'];
  const values = [':kind', ':to', ':subject', ':text', ':html', ':attachments::jsonb'];
  const params: Record<string, unknown> = {
    kind: email.kind,
    to: email.to.trim(),
    subject: email.subject,
    text: email.text,
    html: email.html ?? null,
    attachments: (email.attachments ?? []).map((a) =>
      'contentBase64' in a
        ? { filename: a.filename, contentType: a.contentType, contentBase64: a.contentBase64 }
        : { filename: a.filename, contentType: a.contentType, storageKey: a.storageKey },
    ),
  };
  if (email.requestId !== undefined) {
    columns.push('request_id');
    values.push(':requestId::uuid');
    params.requestId = email.requestId;
  }
  if (email.groupEmailId !== undefined) {
    columns.push('group_email_id');
    values.push(':groupEmailId::uuid');
    params.groupEmailId = email.groupEmailId;
  }
  const result = await tx.query<{ id: string }>(
    `INSERT INTO outbox (${columns.join(', ')}) VALUES (${values.join(', ')}) RETURNING id`,
    params,
  );
  return { id: result.rows[0].id };
}
