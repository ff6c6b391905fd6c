import { conflict, notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface LockedInstrument {
  id: string;
  code: string;
  name: string;
  archivedAt: string | null;
}

export interface LockedPosition {
  id: string;
  code: string;
  name: string;
  instrumentId: string;
  instrumentName: string;
  instrumentArchived: boolean;
  archivedAt: string | null;
}

/**
 * Every change to instruments (create, rename, reorder, archive, restore) first takes this table lock,
 * which conflicts with itself but not with readers: instrument changes run one after another, so a
 * reorder always sees the set of instruments a create or archive just left, and names stay unique.
 * Position changes never update the instruments table (they only lock their instrument's row), so the
 * two kinds of change cannot deadlock.
 */
export async function lockInstrumentTable(tx: Queryable): Promise<void> {
  await tx.query(`LOCK TABLE instruments IN SHARE ROW EXCLUSIVE MODE`);
}

/**
 * Locks one instrument's row: position changes of that instrument (create, rename, seniority order,
 * archive, restore) run one after another. 404 when it does not exist in this orchestra; 409 when archived
 * unless the caller allows it.
 */
export async function lockInstrument(tx: Queryable, id: string, options: { allowArchived?: boolean } = {}): Promise<LockedInstrument> {
  const { rows } = await tx.query<{ id: string; code: string; name: string; archived_at: string | null }>(
    `SELECT id, code, name, archived_at FROM instruments WHERE id = :id::uuid FOR UPDATE`,
    { id },
  );
  const row = rows[0];
  if (!row) throw notFound('No such instrument.');
  if (row.archived_at && !options.allowArchived) {
    throw conflict(`${row.name} (${row.code}) is archived; restore it before changing it.`, 'instrument_archived');
  }
  return { id: row.id, code: row.code, name: row.name, archivedAt: row.archived_at };
}

/** Locks a position after its instrument (always in that order), so position edits of one instrument queue up. */
export async function lockPosition(tx: Queryable, id: string, options: { allowArchived?: boolean } = {}): Promise<LockedPosition> {
  const { rows: found } = await tx.query<{ instrument_id: string }>(`SELECT instrument_id FROM positions WHERE id = :id::uuid`, { id });
  if (!found[0]) throw notFound('No such position.');
  const instrument = await lockInstrument(tx, found[0].instrument_id, { allowArchived: true });
  const { rows } = await tx.query<{ id: string; code: string; name: string; archived_at: string | null }>(
    `SELECT id, code, name, archived_at FROM positions WHERE id = :id::uuid FOR UPDATE`,
    { id },
  );
  const row = rows[0];
  if (!options.allowArchived && (row.archived_at || instrument.archivedAt)) {
    const why = row.archived_at ? 'is archived' : `belongs to ${instrument.name}, which is archived`;
    throw conflict(`${row.name} (${row.code}) ${why}; restore it before changing it.`, 'position_archived');
  }
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    instrumentId: instrument.id,
    instrumentName: instrument.name,
    instrumentArchived: instrument.archivedAt !== null,
    archivedAt: row.archived_at,
  };
}
