import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { PositionsQuery } from '../../schemas/instruments';

export interface PositionView {
  id: string;
  code: string;
  name: string;
  /** Seniority within the instrument: lower is more senior. */
  sortOrder: number;
  /** The position itself or its instrument is archived. */
  archived: boolean;
  archivedAt: string | null;
  instrument: { id: string; code: string; name: string; archived: boolean };
  /** Ids of its standard lists. */
  lists: { A: string | null; B: string | null; C: string | null };
  /** Live musicians qualified for it. */
  qualifiedMusicians: number;
  /** Needs (not archived) of this position, in any project. */
  needs: number;
  updatedAt: string;
}

interface PositionRow {
  id: string;
  code: string;
  name: string;
  sort_order: number;
  archived_at: string | null;
  instrument_id: string;
  instrument_code: string;
  instrument_name: string;
  instrument_archived: boolean;
  lists: Partial<Record<'A' | 'B' | 'C', string>> | null;
  qualified_musicians: number;
  needs: number;
  updated_at: string;
}

const columns = `
  p.id, p.code, p.name, p.sort_order, p.archived_at, p.updated_at,
  i.id AS instrument_id, i.code AS instrument_code, i.name AS instrument_name, i.archived_at IS NOT NULL AS instrument_archived,
  (SELECT jsonb_object_agg(l.kind, l.id) FROM ranking_lists l WHERE l.position_id = p.id AND l.kind <> 'custom') AS lists,
  (SELECT count(*)::int FROM musician_qualifications q JOIN musicians m ON m.id = q.musician_id
    WHERE q.position_id = p.id AND m.archived_at IS NULL) AS qualified_musicians,
  (SELECT count(*)::int FROM needs n WHERE n.position_id = p.id AND n.status <> 'archived') AS needs`;

const from = `FROM positions p JOIN instruments i ON i.id = p.instrument_id`;

const toView = (r: PositionRow): PositionView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  sortOrder: r.sort_order,
  archived: r.archived_at !== null || r.instrument_archived,
  archivedAt: r.archived_at,
  instrument: { id: r.instrument_id, code: r.instrument_code, name: r.instrument_name, archived: r.instrument_archived },
  lists: { A: r.lists?.A ?? null, B: r.lists?.B ?? null, C: r.lists?.C ?? null },
  qualifiedMusicians: r.qualified_musicians,
  needs: r.needs,
  updatedAt: r.updated_at,
});

/** Positions in score order, then seniority; filter by instrument; archived ones only when asked for. */
export async function listPositions(db: Queryable, query: PositionsQuery): Promise<Page<PositionView>> {
  const filter = `
    WHERE (:instrumentId::uuid IS NULL OR p.instrument_id = :instrumentId::uuid)
      AND (:includeArchived::boolean OR (p.archived_at IS NULL AND i.archived_at IS NULL))`;
  const params = { instrumentId: query.instrumentId ?? null, includeArchived: query.includeArchived };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total ${from} ${filter}`, params);
  const { rows } = await db.query<PositionRow>(
    `SELECT ${columns} ${from} ${filter}
      ORDER BY i.archived_at IS NOT NULL, i.sort_order, i.code, p.archived_at IS NOT NULL, p.sort_order, p.code
      LIMIT :limit OFFSET :offset`,
    { ...params, limit: query.limit, offset: query.offset },
  );
  return { items: rows.map(toView), total: counted[0].total };
}

export async function getPosition(db: Queryable, id: string): Promise<PositionView> {
  const { rows } = await db.query<PositionRow>(`SELECT ${columns} ${from} WHERE p.id = :id::uuid`, { id });
  if (!rows[0]) throw notFound('No such position.');
  return toView(rows[0]);
}

/** An instrument's live positions in seniority order (what a reorder must name). */
export async function livePositionOrder(db: Queryable, instrumentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM positions WHERE instrument_id = :instrumentId::uuid AND archived_at IS NULL ORDER BY sort_order, code`,
    { instrumentId },
  );
  return rows.map((r) => r.id);
}
