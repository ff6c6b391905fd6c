import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { InstrumentsQuery } from '../../schemas/instruments';

export interface InstrumentView {
  id: string;
  code: string;
  name: string;
  /** Score order, ascending. */
  sortOrder: number;
  archived: boolean;
  archivedAt: string | null;
  /** Its positions in seniority order (archived ones only when the instrument or the query includes them). */
  positions: { id: string; code: string; name: string; archived: boolean }[];
  updatedAt: string;
}

interface InstrumentRow {
  id: string;
  code: string;
  name: string;
  sort_order: number;
  archived_at: string | null;
  updated_at: string;
  positions: { id: string; code: string; name: string; archived: boolean }[];
}

// An archived instrument shows the positions it had when archived; a live one only its live positions
// unless archived ones are asked for.
const columns = `
  i.id, i.code, i.name, i.sort_order, i.archived_at, i.updated_at,
  coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'code', p.code, 'name', p.name, 'archived', p.archived_at IS NOT NULL)
                             ORDER BY p.archived_at IS NOT NULL, p.sort_order, p.code)
              FROM positions p
             WHERE p.instrument_id = i.id
               AND (:includeArchived::boolean OR p.archived_at IS NULL OR p.archived_at = i.archived_at)), '[]'::jsonb) AS positions`;

const toView = (r: InstrumentRow): InstrumentView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  sortOrder: r.sort_order,
  archived: r.archived_at !== null,
  archivedAt: r.archived_at,
  positions: r.positions,
  updatedAt: r.updated_at,
});

/** Instruments in score order; archived ones (after the live ones) only when asked for. */
export async function listInstruments(db: Queryable, query: InstrumentsQuery): Promise<Page<InstrumentView>> {
  const filter = `WHERE (:includeArchived::boolean OR i.archived_at IS NULL)`;
  const params = { includeArchived: query.includeArchived };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM instruments i ${filter}`, params);
  const { rows } = await db.query<InstrumentRow>(
    `SELECT ${columns} FROM instruments i ${filter}
      ORDER BY i.archived_at IS NOT NULL, i.sort_order, i.code LIMIT :limit OFFSET :offset`,
    { ...params, limit: query.limit, offset: query.offset },
  );
  return { items: rows.map(toView), total: counted[0].total };
}

export async function getInstrument(db: Queryable, id: string): Promise<InstrumentView> {
  const { rows } = await db.query<InstrumentRow>(`SELECT ${columns} FROM instruments i WHERE i.id = :id::uuid`, { id, includeArchived: false });
  if (!rows[0]) throw notFound('No such instrument.');
  return toView(rows[0]);
}

/** The live instruments' ids in score order (what a reorder must name). */
export async function liveInstrumentOrder(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM instruments WHERE archived_at IS NULL ORDER BY sort_order, code`);
  return rows.map((r) => r.id);
}
