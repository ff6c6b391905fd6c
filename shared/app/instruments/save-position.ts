import { validationFailed } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { PositionCreateBody } from '../../schemas/instruments';
import { standardRankingLists } from '../../seed/standard-orchestra';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockInstrument, lockPosition } from './lock-instruments';
import { asNameConflict, refuseTakenPositionName } from './name-taken';
import { orderViolations } from './order-violations';
import { getPosition, listPositions, livePositionOrder, type PositionView } from './read-positions';

/** A new position, least senior of its instrument, with its empty A, B and C lists (SPEC §2). */
export async function createPosition(db: Database, actor: Actor, body: PositionCreateBody): Promise<PositionView> {
  return db.transaction(async (tx) => {
    const { rows: exists } = await tx.query(`SELECT 1 FROM instruments WHERE id = :id::uuid`, { id: body.instrumentId });
    if (!exists[0]) throw validationFailed([{ field: 'instrumentId', message: 'no such instrument' }]);
    const instrument = await lockInstrument(tx, body.instrumentId);
    await refuseTakenPositionName(tx, instrument, body.name, null);
    const { rows } = await asNameConflict(() =>
      tx.query<{ id: string; code: string; sort_order: number }>(
        `INSERT INTO positions (instrument_id, name, sort_order)
         VALUES (:instrumentId::uuid, :name,
                 (SELECT coalesce(max(sort_order), 0) + 10 FROM positions WHERE instrument_id = :instrumentId::uuid AND archived_at IS NULL))
         RETURNING id, code, sort_order`,
        body,
      ),
    );
    const created = rows[0];
    const { rows: lists } = await tx.query<{ kind: string; code: string }>(
      `INSERT INTO ranking_lists (position_id, kind, description)
       SELECT :positionId::uuid, k.kind, k.description
         FROM jsonb_to_recordset(:kinds::jsonb) AS k(kind text, description text)
        ORDER BY k.kind
       RETURNING kind, code`,
      { positionId: created.id, kinds: standardRankingLists.map(({ kind, description }) => ({ kind, description })) },
    );
    await recordAudit(tx, {
      actor,
      action: 'position.create',
      entityType: 'position',
      entityId: created.id,
      after: {
        code: created.code,
        name: body.name,
        instrument: instrument.code,
        sortOrder: created.sort_order,
        lists: Object.fromEntries(lists.map((l) => [l.kind, l.code])),
      },
    });
    return getPosition(tx, created.id);
  });
}

export async function renamePosition(db: Database, actor: Actor, id: string, name: string): Promise<PositionView> {
  return db.transaction(async (tx) => {
    const position = await lockPosition(tx, id);
    if (position.name === name) return getPosition(tx, id);
    await refuseTakenPositionName(tx, { id: position.instrumentId, name: position.instrumentName }, name, id);
    await asNameConflict(() => tx.query(`UPDATE positions SET name = :name, updated_at = now() WHERE id = :id::uuid`, { id, name }));
    await recordAudit(tx, {
      actor,
      action: 'position.rename',
      entityType: 'position',
      entityId: id,
      before: { code: position.code, name: position.name },
      after: { code: position.code, name },
    });
    return getPosition(tx, id);
  });
}

/** Sets an instrument's whole seniority order: every live position of it exactly once, most senior first. */
export async function reorderPositions(db: Database, actor: Actor, instrumentId: string, positionIds: string[]): Promise<Page<PositionView>> {
  return db.transaction(async (tx) => {
    const instrument = await lockInstrument(tx, instrumentId);
    const before = await livePositionOrder(tx, instrumentId);
    const violations = orderViolations('positionIds', 'position', before, positionIds);
    if (violations.length > 0) throw validationFailed(violations);
    await tx.query(
      `UPDATE positions p SET sort_order = (o.ord * 10)::int, updated_at = now()
         FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS o(id, ord)
        WHERE p.id = o.id::uuid AND p.instrument_id = :instrumentId::uuid AND p.sort_order <> o.ord * 10`,
      { ids: positionIds, instrumentId },
    );
    await recordAudit(tx, {
      actor,
      action: 'position.reorder',
      entityType: 'instrument',
      entityId: instrumentId,
      before: { instrument: instrument.code, positionIds: before },
      after: { instrument: instrument.code, positionIds },
    });
    return listPositions(tx, { instrumentId, includeArchived: false, limit: 500, offset: 0 });
  });
}
