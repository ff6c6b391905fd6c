import type { NeedStatus, RequestStatus } from '../../domain/engine/planning-types';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { MessageView } from './message-log';

/**
 * Rows are stamped with the application's clock when written and become visible when their transaction
 * commits, so a row may appear slightly "before" a cursor already handed out. Every poll therefore also
 * returns what changed in the last seconds before its cursor; the client merges requests by id.
 */
const cursorOverlapSeconds = 30;

export interface ProjectStatus {
  projectId: string;
  paused: boolean;
  /** Accepted and seats over the project's needs that are not archived. */
  staffing: { accepted: number; needed: number };
  needs: {
    needId: string;
    code: string;
    positionName: string;
    instrumentName: string;
    status: NeedStatus;
    quantity: number;
    accepted: number;
    pending: number;
  }[];
  /** Requests changed since the cursor (all of them without one), oldest change first; merge them by id. */
  requests: {
    id: string;
    code: string;
    needId: string;
    musicianId: string;
    musicianCode: string;
    musicianName: string;
    status: RequestStatus;
    wave: number;
    sentAt: string;
    deadlineAt: string;
    remindedAt: string | null;
    answeredAt: string | null;
    closedAt: string | null;
    lateAnswer: 'yes' | 'no' | null;
    /** Delivery of the request email: pending, sending, sent or failed. */
    emailStatus: MessageView['status'] | null;
    changedAt: string;
  }[];
  /** Pass as `since` on the next poll. */
  cursor: string;
}

/**
 * The live status of a project, cheap enough to poll every few seconds (three indexed statements): counts per
 * need always, and only the requests that changed since the caller's cursor.
 */
export async function projectStatus(db: Queryable, projectId: string, since: string | undefined): Promise<ProjectStatus> {
  // The cursor is the database's time before the requests are read, so nothing committed later is skipped.
  const project = await db.query<{ paused: boolean; readAt: string }>(
    `SELECT paused, statement_timestamp() AS "readAt" FROM projects WHERE id = :projectId::uuid`,
    { projectId },
  );
  if (!project.rows[0]) throw notFound('No such project.');
  const needs = await db.query<ProjectStatus['needs'][number]>(
    `SELECT n.id AS "needId", n.code, p.name AS "positionName", i.name AS "instrumentName", n.status, n.quantity,
            count(r.id) FILTER (WHERE r.status = 'accepted')::int AS accepted,
            count(r.id) FILTER (WHERE r.status = 'pending')::int AS pending
       FROM needs n
       JOIN positions p ON p.id = n.position_id
       JOIN instruments i ON i.id = p.instrument_id
       LEFT JOIN requests r ON r.need_id = n.id
      WHERE n.project_id = :projectId::uuid
      GROUP BY n.id, p.name, i.name, i.sort_order, p.sort_order
      ORDER BY i.sort_order, p.sort_order, length(n.code), n.code`,
    { projectId },
  );
  const requests = await db.query<ProjectStatus['requests'][number]>(
    `SELECT * FROM (
       SELECT r.id, r.code, r.need_id AS "needId", r.musician_id AS "musicianId", m.code AS "musicianCode",
              btrim(m.first_name || ' ' || m.last_name) AS "musicianName", r.status, r.wave,
              r.sent_at AS "sentAt", r.deadline_at AS "deadlineAt", r.reminded_at AS "remindedAt",
              r.answered_at AS "answeredAt", r.closed_at AS "closedAt", r.late_answer AS "lateAnswer",
              (SELECT o.status FROM outbox o WHERE o.request_id = r.id AND o.kind = 'request'
                ORDER BY o.created_at DESC LIMIT 1) AS "emailStatus",
              GREATEST(r.updated_at, r.sent_at, r.reminded_at, r.answered_at, r.closed_at, r.late_answered_at) AS "changedAt"
         FROM requests r JOIN musicians m ON m.id = r.musician_id
        WHERE r.project_id = :projectId::uuid) changed
      WHERE :since::timestamptz IS NULL OR "changedAt" > :since::timestamptz - make_interval(secs => :overlap::int)
      ORDER BY "changedAt", code`,
    { projectId, since: since ?? null, overlap: cursorOverlapSeconds },
  );
  const active = needs.rows.filter((n) => n.status !== 'archived');
  return {
    projectId,
    paused: project.rows[0].paused,
    staffing: {
      accepted: active.reduce((sum, n) => sum + Math.min(n.accepted, n.quantity), 0),
      needed: active.reduce((sum, n) => sum + n.quantity, 0),
    },
    needs: needs.rows,
    requests: requests.rows,
    cursor: project.rows[0].readAt,
  };
}
