import type { Queryable } from '../../ports/database';
import type { RankingListKind } from '../../domain/need-rules';
import type { RankingListsQuery } from '../../schemas/ranking-lists';
import type { Page } from '../../schemas/paging';
import { notFound } from '../../http/errors';

export interface RankingListEntryView {
  rank: number;
  musicianId: string;
  code: string;
  firstName: string;
  lastName: string;
  name: string;
  active: boolean;
  archived: boolean;
  localResident: boolean;
}

export interface RankingListView {
  id: string;
  code: string;
  kind: RankingListKind;
  /** "A", "B", "C" or "Custom (PROJ004)", for display. */
  label: string;
  description: string;
  position: { id: string; code: string; name: string };
  instrument: { id: string; name: string };
  /** A custom list's project; its start date dates the list when an earlier one is picked to copy. */
  project: { id: string; code: string; name: string; startDate: string } | null;
  /** The list itself or its position is archived. */
  archived: boolean;
  /** Needs (not archived) asking from this list. */
  usedByNeeds: number;
  updatedAt: string;
  entries: RankingListEntryView[];
}

interface ListRow {
  id: string;
  code: string;
  kind: RankingListKind;
  description: string;
  position_id: string;
  position_code: string;
  position_name: string;
  instrument_id: string;
  instrument_name: string;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  project_start_date: string | null;
  archived: boolean;
  used_by_needs: number;
  updated_at: string;
}

interface EntryRow {
  list_id: string;
  rank: number;
  musician_id: string;
  code: string;
  first_name: string;
  last_name: string;
  active: boolean;
  archived: boolean;
  erased: boolean;
  local_resident: boolean;
}

const listColumns = `
  l.id, l.code, l.kind, l.description, l.position_id, p.code AS position_code, p.name AS position_name,
  i.id AS instrument_id, i.name AS instrument_name, l.project_id, pr.code AS project_code, pr.name AS project_name,
  pr.start_date AS project_start_date,
  (l.archived_at IS NOT NULL OR p.archived_at IS NOT NULL) AS archived,
  (SELECT count(*)::int FROM needs n WHERE n.ranking_list_id = l.id AND n.status <> 'archived') AS used_by_needs,
  l.updated_at`;

const listFrom = `
  FROM ranking_lists l
  JOIN positions p ON p.id = l.position_id
  JOIN instruments i ON i.id = p.instrument_id
  LEFT JOIN projects pr ON pr.id = l.project_id`;

/** Score order, then seniority, then A, B, C and the custom lists. */
const listOrder = `ORDER BY i.sort_order, p.sort_order, CASE l.kind WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 ELSE 4 END, l.created_at, l.id`;

const listFilter = `
  WHERE (:positionId::uuid IS NULL OR l.position_id = :positionId::uuid)
    AND (l.kind <> 'custom' OR l.project_id = :projectId::uuid OR :allCustom::boolean)
    AND (:includeArchived::boolean OR (l.archived_at IS NULL AND p.archived_at IS NULL))`;

/** The standard lists (and a project's custom lists when asked), each with its ordered entries. */
export async function listRankingLists(db: Queryable, query: RankingListsQuery): Promise<Page<RankingListView>> {
  const params = {
    positionId: query.positionId ?? null,
    projectId: query.projectId ?? null,
    allCustom: query.allCustom,
    includeArchived: query.includeArchived,
  };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total ${listFrom} ${listFilter}`, params);
  const { rows } = await db.query<ListRow>(`SELECT ${listColumns} ${listFrom} ${listFilter} ${listOrder} LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: await withEntries(db, rows), total: counted[0].total };
}

/** One list with its entries; 404 when it does not exist in this orchestra. */
export async function getRankingList(db: Queryable, id: string): Promise<RankingListView> {
  const { rows } = await db.query<ListRow>(`SELECT ${listColumns} ${listFrom} WHERE l.id = :id::uuid`, { id });
  if (rows.length === 0) throw notFound('No such ranking list.');
  return (await withEntries(db, rows))[0];
}

async function withEntries(db: Queryable, lists: ListRow[]): Promise<RankingListView[]> {
  if (lists.length === 0) return [];
  const { rows } = await db.query<EntryRow>(
    `SELECT e.list_id, e.rank, m.id AS musician_id, m.code, m.first_name, m.last_name, m.active,
            m.archived_at IS NOT NULL AS archived, m.erased_at IS NOT NULL AS erased, m.local_resident
       FROM ranking_list_entries e
       JOIN musicians m ON m.id = e.musician_id
      WHERE e.list_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
      ORDER BY e.list_id, e.rank`,
    { ids: lists.map((l) => l.id) },
  );
  const byList = new Map<string, RankingListEntryView[]>();
  for (const r of rows) {
    const entries = byList.get(r.list_id) ?? [];
    entries.push({
      rank: r.rank,
      musicianId: r.musician_id,
      code: r.code,
      firstName: r.first_name,
      lastName: r.last_name,
      name: r.erased ? `(erased ${r.code})` : `${r.first_name} ${r.last_name}`,
      active: r.active,
      archived: r.archived,
      localResident: r.local_resident,
    });
    byList.set(r.list_id, entries);
  }
  return lists.map((l) => ({
    id: l.id,
    code: l.code,
    kind: l.kind,
    label: l.kind === 'custom' ? `Custom (${l.project_code})` : l.kind,
    description: l.description,
    position: { id: l.position_id, code: l.position_code, name: l.position_name },
    instrument: { id: l.instrument_id, name: l.instrument_name },
    project: l.project_id ? { id: l.project_id, code: l.project_code!, name: l.project_name!, startDate: l.project_start_date! } : null,
    archived: l.archived,
    usedByNeeds: l.used_by_needs,
    updatedAt: l.updated_at,
    entries: byList.get(l.id) ?? [],
  }));
}
