import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockPosition } from './lock-instruments';
import { refuseTakenPositionName } from './name-taken';
import { refuseWhileNeedsOpen } from './open-needs';
import { getPosition, type PositionView } from './read-positions';

/**
 * Archives a position with its lists (never deleted: needs, requests and lists keep pointing at it, and
 * they still show it). Archiving twice changes nothing.
 */
export async function archivePosition(db: Database, actor: Actor, id: string): Promise<PositionView> {
  return db.transaction(async (tx) => {
    const position = await lockPosition(tx, id, { allowArchived: true });
    if (position.archivedAt) return getPosition(tx, id);
    await refuseWhileNeedsOpen(tx, `${position.name} (${position.code})`, [id]);
    // One now() for the position and its lists: a restore brings back exactly the lists archived with it.
    await tx.query(`UPDATE positions SET archived_at = now(), updated_at = now() WHERE id = :id::uuid`, { id });
    const { rows: lists } = await tx.query<{ code: string }>(
      `UPDATE ranking_lists SET archived_at = now(), updated_at = now()
        WHERE position_id = :id::uuid AND archived_at IS NULL RETURNING code`,
      { id },
    );
    await recordAudit(tx, {
      actor,
      action: 'position.archive',
      entityType: 'position',
      entityId: id,
      before: { code: position.code, name: position.name, archived: false },
      after: { code: position.code, name: position.name, archived: true, listsArchived: lists.map((l) => l.code) },
    });
    return getPosition(tx, id);
  });
}

/** Brings a position back, least senior of its instrument, with the lists archived together with it. */
export async function restorePosition(db: Database, actor: Actor, id: string): Promise<PositionView> {
  return db.transaction(async (tx) => {
    const position = await lockPosition(tx, id, { allowArchived: true });
    if (!position.archivedAt) return getPosition(tx, id);
    if (position.instrumentArchived) {
      throw conflict(`${position.name} (${position.code}) belongs to ${position.instrumentName}, which is archived; restore the instrument first.`, 'instrument_archived');
    }
    await refuseTakenPositionName(tx, { id: position.instrumentId, name: position.instrumentName }, position.name, id);
    const { rows: lists } = await tx.query<{ code: string }>(
      `UPDATE ranking_lists SET archived_at = NULL, updated_at = now()
        WHERE position_id = :id::uuid AND archived_at = (SELECT archived_at FROM positions WHERE id = :id::uuid)
      RETURNING code`,
      { id },
    );
    await tx.query(
      `UPDATE positions
          SET archived_at = NULL, updated_at = now(),
              sort_order = (SELECT coalesce(max(sort_order), 0) + 10 FROM positions WHERE instrument_id = :instrumentId::uuid AND archived_at IS NULL)
        WHERE id = :id::uuid`,
      { id, instrumentId: position.instrumentId },
    );
    await recordAudit(tx, {
      actor,
      action: 'position.restore',
      entityType: 'position',
      entityId: id,
      before: { code: position.code, name: position.name, archived: true },
      after: { code: position.code, name: position.name, archived: false, listsRestored: lists.map((l) => l.code) },
    });
    return getPosition(tx, id);
  });
}
