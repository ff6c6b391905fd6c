import { musicianStatistics, type MusicianStatistics, type RequestFact, type RequestStatus } from '../../domain/musician-statistics';
import type { Queryable } from '../../ports/database';
import { getMusician, type MusicianView } from './read-musicians';

export interface ListPlace {
  listId: string;
  listCode: string;
  kind: 'A' | 'B' | 'C' | 'custom';
  positionId: string;
  positionName: string;
  instrumentName: string;
  project: { id: string; code: string; name: string } | null;
  rank: number;
  /** Musicians on the list in all. */
  of: number;
  /** The list or its position is archived (kept for history). */
  archived: boolean;
}

export interface RequestHistoryItem {
  id: string;
  code: string;
  needId: string;
  positionId: string;
  positionName: string;
  instrumentName: string;
  status: RequestStatus;
  rankAtSend: number | null;
  sentAt: string;
  deadlineAt: string;
  remindedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface ProjectHistory {
  project: { id: string; code: string; name: string; startDate: string; archived: boolean };
  requests: RequestHistoryItem[];
}

export interface MusicianProfile {
  musician: MusicianView;
  lists: ListPlace[];
  projects: ProjectHistory[];
  statistics: MusicianStatistics;
}

export async function listPlaces(db: Queryable, musicianId: string): Promise<ListPlace[]> {
  const { rows } = await db.query<{
    list_id: string; list_code: string; kind: ListPlace['kind']; position_id: string; position_name: string; instrument_name: string;
    project_id: string | null; project_code: string | null; project_name: string | null; rank: number; total: number; archived: boolean;
  }>(
    `SELECT l.id AS list_id, l.code AS list_code, l.kind, p.id AS position_id, p.name AS position_name, i.name AS instrument_name,
            pr.id AS project_id, pr.code AS project_code, pr.name AS project_name, e.rank,
            (SELECT count(*)::int FROM ranking_list_entries x WHERE x.list_id = l.id) AS total,
            (l.archived_at IS NOT NULL OR p.archived_at IS NOT NULL) AS archived
       FROM ranking_list_entries e
       JOIN ranking_lists l ON l.id = e.list_id
       JOIN positions p ON p.id = l.position_id
       JOIN instruments i ON i.id = p.instrument_id
       LEFT JOIN projects pr ON pr.id = l.project_id
      WHERE e.musician_id = :musicianId::uuid
      ORDER BY i.sort_order, p.sort_order, CASE l.kind WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 ELSE 4 END, l.created_at`,
    { musicianId },
  );
  return rows.map((r) => ({
    listId: r.list_id,
    listCode: r.list_code,
    kind: r.kind,
    positionId: r.position_id,
    positionName: r.position_name,
    instrumentName: r.instrument_name,
    project: r.project_id ? { id: r.project_id, code: r.project_code!, name: r.project_name! } : null,
    rank: r.rank,
    of: r.total,
    archived: r.archived,
  }));
}

/** Every request the musician got, grouped by project: latest project first, requests in send order. */
export async function requestHistory(db: Queryable, musicianId: string): Promise<ProjectHistory[]> {
  const { rows } = await db.query<{
    id: string; code: string; need_id: string; position_id: string; position_name: string; instrument_name: string;
    status: RequestStatus; rank_at_send: number | null; sent_at: string; deadline_at: string; reminded_at: string | null;
    answered_at: string | null; closed_at: string | null;
    project_id: string; project_code: string; project_name: string; start_date: string; project_archived: boolean;
  }>(
    `SELECT r.id, r.code, r.need_id, p.id AS position_id, p.name AS position_name, i.name AS instrument_name, r.status,
            r.rank_at_send, r.sent_at, r.deadline_at, r.reminded_at, r.answered_at, r.closed_at,
            pr.id AS project_id, pr.code AS project_code, pr.name AS project_name, pr.start_date,
            pr.archived_at IS NOT NULL AS project_archived
       FROM requests r
       JOIN needs n ON n.id = r.need_id
       JOIN positions p ON p.id = n.position_id
       JOIN instruments i ON i.id = p.instrument_id
       JOIN projects pr ON pr.id = r.project_id
      WHERE r.musician_id = :musicianId::uuid
      ORDER BY pr.start_date DESC, pr.code, r.sent_at, r.code`,
    { musicianId },
  );
  const byProject = new Map<string, ProjectHistory>();
  for (const r of rows) {
    const group = byProject.get(r.project_id) ?? {
      project: { id: r.project_id, code: r.project_code, name: r.project_name, startDate: r.start_date, archived: r.project_archived },
      requests: [],
    };
    group.requests.push({
      id: r.id,
      code: r.code,
      needId: r.need_id,
      positionId: r.position_id,
      positionName: r.position_name,
      instrumentName: r.instrument_name,
      status: r.status,
      rankAtSend: r.rank_at_send,
      sentAt: r.sent_at,
      deadlineAt: r.deadline_at,
      remindedAt: r.reminded_at,
      answeredAt: r.answered_at,
      closedAt: r.closed_at,
    });
    byProject.set(r.project_id, group);
  }
  return [...byProject.values()];
}

/** The musician's page: list places, request history by project and statistics. */
export async function getMusicianProfile(db: Queryable, id: string): Promise<MusicianProfile> {
  const musician = await getMusician(db, id);
  const [lists, projects] = [await listPlaces(db, id), await requestHistory(db, id)];
  const facts: RequestFact[] = projects.flatMap((p) =>
    p.requests.map((r) => ({
      status: r.status,
      sentAt: r.sentAt,
      answeredAt: r.answeredAt,
      positionId: r.positionId,
      positionName: r.positionName,
      instrumentName: r.instrumentName,
    })),
  );
  return { musician, lists, projects, statistics: musicianStatistics(facts) };
}
