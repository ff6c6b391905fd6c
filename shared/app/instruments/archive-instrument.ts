import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockInstrument, lockInstrumentTable } from './lock-instruments';
import { refuseTakenInstrumentName } from './name-taken';
import { refuseWhileNeedsOpen } from './open-needs';
import { getInstrument, type InstrumentView } from './read-instruments';
import { livePositionOrder } from './read-positions';

/**
 * Archives an instrument with its live positions and their lists, all with one timestamp (so a restore
 * brings back exactly those). Nothing is deleted. Archiving twice changes nothing.
 */
export async function archiveInstrument(db: Database, actor: Actor, id: string): Promise<InstrumentView> {
  return db.transaction(async (tx) => {
    await lockInstrumentTable(tx);
    const instrument = await lockInstrument(tx, id, { allowArchived: true });
    if (instrument.archivedAt) return getInstrument(tx, id);
    const positionIds = await livePositionOrder(tx, id);
    await refuseWhileNeedsOpen(tx, `${instrument.name} (${instrument.code})`, positionIds);
    await tx.query(`UPDATE instruments SET archived_at = now(), updated_at = now() WHERE id = :id::uuid`, { id });
    const { rows: positions } = await tx.query<{ code: string }>(
      `UPDATE positions SET archived_at = now(), updated_at = now()
        WHERE instrument_id = :id::uuid AND archived_at IS NULL RETURNING code`,
      { id },
    );
    const { rows: lists } = await tx.query<{ code: string }>(
      `UPDATE ranking_lists SET archived_at = now(), updated_at = now()
        WHERE archived_at IS NULL
          AND position_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:positionIds::jsonb))
      RETURNING code`,
      { positionIds },
    );
    await recordAudit(tx, {
      actor,
      action: 'instrument.archive',
      entityType: 'instrument',
      entityId: id,
      before: { code: instrument.code, name: instrument.name, archived: false },
      after: {
        code: instrument.code,
        name: instrument.name,
        archived: true,
        positionsArchived: positions.map((p) => p.code),
        listsArchived: lists.map((l) => l.code),
      },
    });
    return getInstrument(tx, id);
  });
}

/** Brings an instrument back, last in score order, with the positions and lists archived together with it. */
export async function restoreInstrument(db: Database, actor: Actor, id: string): Promise<InstrumentView> {
  return db.transaction(async (tx) => {
    await lockInstrumentTable(tx);
    const instrument = await lockInstrument(tx, id, { allowArchived: true });
    if (!instrument.archivedAt) return getInstrument(tx, id);
    await refuseTakenInstrumentName(tx, instrument.name, id);
    // Compared in SQL, so the timestamps match to the microsecond.
    const archivedWith = `(SELECT archived_at FROM instruments WHERE id = :id::uuid)`;
    const { rows: lists } = await tx.query<{ code: string }>(
      `UPDATE ranking_lists l SET archived_at = NULL, updated_at = now()
         FROM positions p
        WHERE p.id = l.position_id AND p.instrument_id = :id::uuid
          AND p.archived_at = ${archivedWith} AND l.archived_at = ${archivedWith}
      RETURNING l.code`,
      { id },
    );
    const { rows: positions } = await tx.query<{ code: string }>(
      `UPDATE positions SET archived_at = NULL, updated_at = now()
        WHERE instrument_id = :id::uuid AND archived_at = ${archivedWith} RETURNING code`,
      { id },
    );
    await tx.query(
      `UPDATE instruments
          SET archived_at = NULL, updated_at = now(),
              sort_order = (SELECT coalesce(max(sort_order), 0) + 10 FROM instruments WHERE archived_at IS NULL)
        WHERE id = :id::uuid`,
      { id },
    );
    await recordAudit(tx, {
      actor,
      action: 'instrument.restore',
      entityType: 'instrument',
      entityId: id,
      before: { code: instrument.code, name: instrument.name, archived: true },
      after: {
        code: instrument.code,
        name: instrument.name,
        archived: false,
        positionsRestored: positions.map((p) => p.code),
        listsRestored: lists.map((l) => l.code),
      },
    });
    return getInstrument(tx, id);
  });
}
