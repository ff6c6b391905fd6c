import { validationFailed, type FieldError } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import { removeFromLists, type RemovedEntry } from './remove-from-lists';

/**
 * Checks the positions a musician should be qualified for: each must exist in this orchestra and be live
 * (position and instrument not archived). A qualification the musician already holds on a position that
 * was archived since may be kept, so an edit never forces the admin to drop history.
 */
export async function checkQualifications(tx: Queryable, positionIds: string[], alreadyHeld: string[] = []): Promise<void> {
  if (positionIds.length === 0) return;
  const { rows } = await tx.query<{ id: string; name: string; archived: boolean }>(
    `SELECT p.id, p.name, (p.archived_at IS NOT NULL OR i.archived_at IS NOT NULL) AS archived
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))`,
    { ids: positionIds },
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const fields: FieldError[] = [];
  positionIds.forEach((id, index) => {
    const position = found.get(id);
    if (!position) fields.push({ field: `qualifications.${index}`, message: 'no such position' });
    else if (position.archived && !alreadyHeld.includes(id)) {
      fields.push({ field: `qualifications.${index}`, message: `${position.name} is archived` });
    }
  });
  if (fields.length > 0) throw validationFailed(fields);
}

/**
 * Makes the musician's qualifications exactly `positionIds`. A dropped qualification takes the musician
 * off that position's lists (only qualified musicians may be on them), with the ranks closed up.
 */
export async function setQualifications(tx: Queryable, musicianId: string, positionIds: string[], held: string[]): Promise<{ removedFromLists: RemovedEntry[] }> {
  const dropped = held.filter((id) => !positionIds.includes(id));
  const removedFromLists = dropped.length > 0 ? await removeFromLists(tx, musicianId, dropped) : [];
  if (dropped.length > 0) {
    await tx.query(
      `DELETE FROM musician_qualifications
        WHERE musician_id = :musicianId::uuid AND position_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:dropped::jsonb))`,
      { musicianId, dropped },
    );
  }
  await tx.query(
    `INSERT INTO musician_qualifications (musician_id, position_id)
     SELECT :musicianId::uuid, value::uuid FROM jsonb_array_elements_text(:ids::jsonb)
     ON CONFLICT DO NOTHING`,
    { musicianId, ids: positionIds },
  );
  return { removedFromLists };
}
