import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { ProjectsQuery } from '../../schemas/projects';
import { listNeeds, type NeedView } from '../needs/read-needs';

/** Staffing = accepted ÷ seats needed, over the needs that are not archived (SPEC §2). */
export interface Staffing {
  accepted: number;
  needed: number;
  pending: number;
  needs: number;
}

export interface ProjectView {
  id: string;
  code: string;
  name: string;
  startDate: string;
  isoWeek: number;
  rehearsalSchedule: string;
  concertInfo: string;
  notes: string;
  paused: boolean;
  archived: boolean;
  archivedAt: string | null;
  staffing: Staffing;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectDetail extends ProjectView {
  needs: NeedView[];
}

interface ProjectRow {
  id: string;
  code: string;
  name: string;
  start_date: string;
  iso_week: number;
  rehearsal_schedule: string;
  concert_info: string;
  notes: string;
  paused: boolean;
  archived_at: string | null;
  accepted: number;
  needed: number;
  pending: number;
  needs: number;
  created_at: string;
  updated_at: string;
}

const projectSelect = `
  SELECT p.id, p.code, p.name, p.start_date, p.iso_week, p.rehearsal_schedule, p.concert_info, p.notes, p.paused,
         p.archived_at, p.created_at, p.updated_at, s.accepted, s.needed, s.pending, s.needs
    FROM projects p
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(n.quantity), 0)::int AS needed, count(n.id)::int AS needs,
             coalesce(sum(r.accepted), 0)::int AS accepted, coalesce(sum(r.pending), 0)::int AS pending
        FROM needs n
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE q.status = 'accepted') AS accepted, count(*) FILTER (WHERE q.status = 'pending') AS pending
            FROM requests q WHERE q.need_id = n.id
        ) r
       WHERE n.project_id = p.id AND n.status <> 'archived'
    ) s`;

/** "Today" in the orchestra's time zone, so a concert tonight is still upcoming in Stockholm. */
const today = `(:now::timestamptz AT TIME ZONE coalesce((SELECT time_zone FROM settings), 'Europe/Stockholm'))::date`;

const projectFilter = `
  WHERE (:includeArchived::boolean OR p.archived_at IS NULL)
    AND (:when <> 'upcoming' OR p.start_date >= ${today})
    AND (:when <> 'past' OR p.start_date < ${today})
    AND (:search::text IS NULL OR strpos(lower(p.name), lower(:search::text)) > 0 OR strpos(lower(p.code), lower(:search::text)) > 0)`;

/** Projects with their staffing figures; upcoming soonest first, past (and all) latest first. */
export async function listProjects(db: Queryable, query: ProjectsQuery, now: Date): Promise<Page<ProjectView>> {
  const params = { includeArchived: query.includeArchived, when: query.when, search: query.search || null, now };
  const order = query.when === 'upcoming' ? 'ORDER BY p.start_date, p.code' : 'ORDER BY p.start_date DESC, p.code DESC';
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM projects p ${projectFilter}`, params);
  const { rows } = await db.query<ProjectRow>(`${projectSelect} ${projectFilter} ${order} LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(toView), total: counted[0].total };
}

/** One project with its needs (not archived) in the order a send processes them. */
export async function getProject(db: Queryable, id: string): Promise<ProjectDetail> {
  const { rows } = await db.query<ProjectRow>(`${projectSelect} WHERE p.id = :id::uuid`, { id });
  if (rows.length === 0) throw notFound('No such project.');
  const needs = await listNeeds(db, id, { includeArchived: false, limit: 1000, offset: 0 });
  return { ...toView(rows[0]), needs: needs.items };
}

function toView(r: ProjectRow): ProjectView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    startDate: r.start_date,
    isoWeek: r.iso_week,
    rehearsalSchedule: r.rehearsal_schedule,
    concertInfo: r.concert_info,
    notes: r.notes,
    paused: r.paused,
    archived: r.archived_at !== null,
    archivedAt: r.archived_at,
    staffing: { accepted: r.accepted, needed: r.needed, pending: r.pending, needs: r.needs },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
