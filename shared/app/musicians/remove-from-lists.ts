import type { Queryable } from '../../ports/database';

export interface RemovedEntry {
  listId: string;
  listCode: string;
  rank: number;
}

/**
 * Takes a musician off ranking lists — every list, or only the lists of the given positions — and closes
 * up the ranks behind them, the same rule as removing one entry by hand (SPEC §2: ranks close up). The
 * list rows are locked first, in id order, like every other edit of a list, so a concurrent reorder or add
 * runs before or after this, never interleaved.
 */
export async function removeFromLists(tx: Queryable, musicianId: string, positionIds: string[] | 'all'): Promise<RemovedEntry[]> {
  const scope = { musicianId, all: positionIds === 'all', positions: positionIds === 'all' ? [] : positionIds };
  const positionFilter = `(:all::boolean OR e.position_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:positions::jsonb)))`;
  const { rows: lists } = await tx.query<{ id: string }>(
    `SELECT l.id FROM ranking_lists l
      WHERE l.id IN (SELECT e.list_id FROM ranking_list_entries e WHERE e.musician_id = :musicianId::uuid AND ${positionFilter})
      ORDER BY l.id FOR UPDATE`,
    scope,
  );
  if (lists.length === 0) return [];
  const { rows: removed } = await tx.query<{ list_id: string; list_code: string; rank: number }>(
    `DELETE FROM ranking_list_entries e USING ranking_lists l
      WHERE l.id = e.list_id AND e.musician_id = :musicianId::uuid AND ${positionFilter}
    RETURNING e.list_id, l.code AS list_code, e.rank`,
    scope,
  );
  // One musician is on a list at most once, so everyone behind the removed rank moves up by one.
  await tx.query(
    `UPDATE ranking_list_entries e SET rank = e.rank - 1
       FROM jsonb_to_recordset(:removed::jsonb) AS r(list_id uuid, rank integer)
      WHERE e.list_id = r.list_id AND e.rank > r.rank`,
    { removed: removed.map((r) => ({ list_id: r.list_id, rank: r.rank })) },
  );
  await tx.query(
    `UPDATE ranking_lists SET updated_at = now() WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))`,
    { ids: removed.map((r) => r.list_id) },
  );
  return removed.map((r) => ({ listId: r.list_id, listCode: r.list_code, rank: r.rank }));
}
