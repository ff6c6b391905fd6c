import type { Queryable } from '../../ports/database';
import { listPlaces, requestHistory, type ListPlace, type ProjectHistory } from './musician-profile';
import { getMusician, type MusicianView } from './read-musicians';

export interface MusicianExport {
  exportedAt: string;
  musician: MusicianView;
  listPlaces: ListPlace[];
  requests: ProjectHistory[];
  /** Every message sent (or queued) to the musician: their address, or one of their requests. */
  communication: {
    id: string;
    kind: string;
    toAddress: string;
    subject: string;
    textBody: string;
    status: string;
    attempts: number;
    lastError: string | null;
    requestId: string | null;
    createdAt: string;
    sentAt: string | null;
  }[];
  /** The audit trail of changes to the musician's own record. */
  changes: { action: string; at: string; actorEmail: string | null; before: unknown; after: unknown }[];
}

/** GDPR (SPEC §5): everything the orchestra holds about one musician, as one JSON document. */
export async function exportMusician(db: Queryable, id: string, now: Date): Promise<MusicianExport> {
  const musician = await getMusician(db, id);
  const { rows: messages } = await db.query<{
    id: string; kind: string; to_address: string; subject: string; text_body: string; status: string; attempts: number;
    last_error: string | null; request_id: string | null; created_at: string; sent_at: string | null;
  }>(
    `SELECT o.id, o.kind, o.to_address, o.subject, o.text_body, o.status, o.attempts, o.last_error, o.request_id, o.created_at, o.sent_at
       FROM outbox o
      WHERE (:email::text IS NOT NULL AND lower(o.to_address) = lower(:email::text))
         OR o.request_id IN (SELECT r.id FROM requests r WHERE r.musician_id = :id::uuid)
         OR o.id IN (SELECT g.outbox_id FROM group_email_recipients g WHERE g.musician_id = :id::uuid)
      ORDER BY o.created_at, o.id`,
    { id, email: musician.email },
  );
  const { rows: audit } = await db.query<{ action: string; at: string; actor_email: string | null; before: unknown; after: unknown }>(
    `SELECT action, at, actor_email, before, after FROM audit_log
      WHERE entity_type = 'musician' AND entity_id = :id ORDER BY at, id`,
    { id },
  );
  return {
    exportedAt: now.toISOString(),
    musician,
    listPlaces: await listPlaces(db, id),
    requests: await requestHistory(db, id),
    communication: messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      toAddress: m.to_address,
      subject: m.subject,
      textBody: m.text_body,
      status: m.status,
      attempts: m.attempts,
      lastError: m.last_error,
      requestId: m.request_id,
      createdAt: m.created_at,
      sentAt: m.sent_at,
    })),
    changes: audit.map((a) => ({ action: a.action, at: a.at, actorEmail: a.actor_email, before: a.before, after: a.after })),
  };
}
