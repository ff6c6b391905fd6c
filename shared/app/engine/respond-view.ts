import { formatCalendarDate, formatDeadline } from '../../domain/engine/format-for-email';
import type { RequestStatus } from '../../domain/engine/planning-types';
import { recordedAnswer, respondMessage, respondState, unknownLinkMessage, type RespondState } from '../../domain/engine/respond-state';
import type { TemplateLanguage } from '../../domain/template-variables';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import { hashRequestToken } from './request-token';
import { looksLikeResponseToken } from './respond-token';

/**
 * What the musician's page shows (SPEC §3.5). Only what this musician needs: their first name, the project,
 * the seat and its deadline; never another musician, never internal notes.
 */
export interface RespondView {
  state: Exclude<RespondState, 'suspended'>;
  /** The answer that counts, if any ('yes' also for a late yes on a filled seat). */
  answer: 'yes' | 'no' | null;
  message: string;
  language: TemplateLanguage;
  musician: { firstName: string };
  orchestra: { name: string };
  project: { name: string; startDate: string; startDateText: string; week: number; rehearsalSchedule: string; concertInfo: string };
  position: { name: string };
  instrument: { name: string };
  deadline: string;
  deadlineText: string;
  /** Files sent on request; `url` (short-lived download) only on the page's GET, so answers stay identical. */
  files: { id: string; filename: string; contentType: string; sizeBytes: number; url?: string }[];
}

interface ViewRow {
  id: string;
  need_id: string;
  status: RequestStatus;
  late_answer: 'yes' | 'no' | null;
  deadline_at: string;
  language: TemplateLanguage;
  first_name: string;
  project_name: string;
  start_date: string;
  iso_week: number;
  rehearsal_schedule: string;
  concert_info: string;
  position_name: string;
  instrument_name: string;
  quantity: number;
  accepted: number;
  orchestra_name: string;
  time_zone: string;
}

/**
 * The request a link answers: by the hash of its token, on the request itself or among its further links
 * (request_tokens, from reminders). Null for anything unknown.
 */
export async function findRequestIdByToken(db: Queryable, token: string): Promise<string | null> {
  if (!looksLikeResponseToken(token)) return null;
  const hash = hashRequestToken(token);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM requests WHERE token_hash = :hash
     UNION ALL
     SELECT request_id AS id FROM request_tokens WHERE token_hash = :hash
     LIMIT 1`,
    { hash },
  );
  return rows[0]?.id ?? null;
}

export async function requireRequestIdByToken(db: Queryable, token: string): Promise<string> {
  const id = await findRequestIdByToken(db, token);
  if (!id) throw notFound(unknownLinkMessage);
  return id;
}

/** Signs a short-lived download link of a stored file (the FileStore), reachable only through a valid token's page. */
export type PresignDownload = (storageKey: string, filename: string) => Promise<string>;

/** Reads the page of one request. Only SELECTs: mail scanners open links, and opening changes nothing. */
export async function readRespondView(db: Queryable, requestId: string, now: Date, presign?: PresignDownload): Promise<RespondView> {
  const { rows } = await db.query<ViewRow>(
    `SELECT r.id, r.need_id, r.status, r.late_answer, r.deadline_at, m.language, m.first_name,
            p.name AS project_name, p.start_date, p.iso_week, p.rehearsal_schedule, p.concert_info,
            pos.name AS position_name, i.name AS instrument_name, n.quantity,
            (SELECT count(*)::int FROM requests a WHERE a.need_id = n.id AND a.status = 'accepted') AS accepted,
            s.orchestra_name, s.time_zone
       FROM requests r
       JOIN musicians m ON m.id = r.musician_id
       JOIN needs n ON n.id = r.need_id
       JOIN projects p ON p.id = r.project_id
       JOIN positions pos ON pos.id = n.position_id
       JOIN instruments i ON i.id = pos.instrument_id
       CROSS JOIN settings s
      WHERE r.id = :requestId::uuid`,
    { requestId },
  );
  const row = rows[0];
  if (!row) throw notFound(unknownLinkMessage);
  const { rows: files } = await db.query<{ id: string; filename: string; content_type: string; size_bytes: number | string; storage_key: string }>(
    `SELECT f.id, f.filename, f.content_type, f.size_bytes, f.storage_key
       FROM files f
      WHERE f.project_id = (SELECT project_id FROM needs WHERE id = :needId::uuid)
        AND (f.need_id IS NULL OR f.need_id = :needId::uuid)
        AND f.send_on = 'request' AND f.confirmed_at IS NOT NULL
      ORDER BY f.need_id NULLS FIRST, f.created_at, f.code`,
    { needId: row.need_id },
  );

  const deadlineAt = new Date(row.deadline_at);
  const state = respondState({ status: row.status, deadlineAt, now, needFull: row.accepted >= row.quantity });
  const deadlineText = formatDeadline(deadlineAt, row.time_zone, row.language);
  return {
    state,
    answer: recordedAnswer(row.status, row.late_answer),
    message: respondMessage(state, row.language, {
      positionName: row.position_name,
      projectName: row.project_name,
      deadline: deadlineText,
      orchestraName: row.orchestra_name,
    }),
    language: row.language,
    musician: { firstName: row.first_name },
    orchestra: { name: row.orchestra_name },
    project: {
      name: row.project_name,
      startDate: row.start_date,
      startDateText: formatCalendarDate(row.start_date, row.language),
      week: row.iso_week,
      rehearsalSchedule: row.rehearsal_schedule,
      concertInfo: row.concert_info,
    },
    position: { name: row.position_name },
    instrument: { name: row.instrument_name },
    deadline: deadlineAt.toISOString(),
    deadlineText,
    files: await Promise.all(
      files.map(async (f) => ({
        id: f.id,
        filename: f.filename,
        contentType: f.content_type,
        sizeBytes: Number(f.size_bytes),
        ...(presign ? { url: await presign(f.storage_key, f.filename) } : {}),
      })),
    ),
  };
}
