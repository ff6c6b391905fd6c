import type { RequestStatus } from '../../domain/engine/planning-types';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';

/** One outgoing message as the communication log shows it (SPEC §2: every message with its delivery status). */
export interface MessageView {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  request: { id: string; code: string; status: RequestStatus; needId: string } | null;
  groupEmail: { id: string; code: string } | null;
  musician: { id: string; code: string; name: string } | null;
  attachments: string[];
}

interface MessageRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  status: MessageView['status'];
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  request_id: string | null;
  request_code: string | null;
  request_status: RequestStatus | null;
  need_id: string | null;
  group_email_id: string | null;
  group_email_code: string | null;
  musician_id: string | null;
  musician_code: string | null;
  musician_name: string | null;
  attachments: { filename: string }[];
}

const messageSelect = `
  SELECT o.id, o.kind, o.to_address, o.subject, o.status, o.attempts, o.last_error, o.created_at, o.sent_at, o.attachments,
         r.id AS request_id, r.code AS request_code, r.status AS request_status, r.need_id,
         g.id AS group_email_id, g.code AS group_email_code,
         m.id AS musician_id, m.code AS musician_code, nullif(btrim(m.first_name || ' ' || m.last_name), '') AS musician_name
    FROM outbox o
    LEFT JOIN requests r ON r.id = o.request_id
    LEFT JOIN group_emails g ON g.id = o.group_email_id
    LEFT JOIN group_email_recipients gr ON gr.outbox_id = o.id
    LEFT JOIN musicians m ON m.id = coalesce(r.musician_id, gr.musician_id)`;

/** Messages of a project (its requests' and its group emails'), newest first; filter by request or status. */
export async function listProjectMessages(
  db: Queryable,
  projectId: string,
  query: { requestId?: string; status?: string; limit: number; offset: number },
): Promise<Page<MessageView>> {
  const filter = `WHERE (r.project_id = :projectId::uuid OR g.project_id = :projectId::uuid)
                    AND (:requestId::uuid IS NULL OR o.request_id = :requestId::uuid)
                    AND (:status::text IS NULL OR o.status = :status)`;
  const params = { projectId, requestId: query.requestId ?? null, status: query.status ?? null };
  const { rows: counted } = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM outbox o
       LEFT JOIN requests r ON r.id = o.request_id LEFT JOIN group_emails g ON g.id = o.group_email_id ${filter}`,
    params,
  );
  const { rows } = await db.query<MessageRow>(`${messageSelect} ${filter} ORDER BY o.created_at DESC, o.id LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(toView), total: counted[0].total };
}

export async function readMessage(db: Queryable, outboxId: string): Promise<MessageView> {
  const { rows } = await db.query<MessageRow>(`${messageSelect} WHERE o.id = :outboxId::uuid`, { outboxId });
  if (!rows[0]) throw notFound('No such message.');
  return toView(rows[0]);
}

function toView(r: MessageRow): MessageView {
  return {
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    request: r.request_id ? { id: r.request_id, code: r.request_code!, status: r.request_status!, needId: r.need_id! } : null,
    groupEmail: r.group_email_id ? { id: r.group_email_id, code: r.group_email_code! } : null,
    musician: r.musician_id ? { id: r.musician_id, code: r.musician_code!, name: r.musician_name ?? '' } : null,
    attachments: (r.attachments ?? []).map((a) => a.filename),
  };
}
