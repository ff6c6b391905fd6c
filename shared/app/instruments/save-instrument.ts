import { validationFailed } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockInstrument, lockInstrumentTable } from './lock-instruments';
import { asNameConflict, refuseTakenInstrumentName } from './name-taken';
import { orderViolations } from './order-violations';
import { getInstrument, liveInstrumentOrder, listInstruments, type InstrumentView } from './read-instruments';
import type { Page } from '../../schemas/paging';

/** A new instrument, last in score order. */
export async function createInstrument(db: Database, actor: Actor, name: string): Promise<InstrumentView> {
  return db.transaction(async (tx) => {
    await lockInstrumentTable(tx);
    await refuseTakenInstrumentName(tx, name, null);
    const { rows } = await asNameConflict(() =>
      tx.query<{ id: string; code: string; sort_order: number }>(
        `INSERT INTO instruments (name, sort_order)
         VALUES (:name, (SELECT coalesce(max(sort_order), 0) + 10 FROM instruments WHERE archived_at IS NULL))
         RETURNING id, code, sort_order`,
        { name },
      ),
    );
    const created = rows[0];
    await recordAudit(tx, {
      actor,
      action: 'instrument.create',
      entityType: 'instrument',
      entityId: created.id,
      after: { code: created.code, name, sortOrder: created.sort_order },
    });
    return getInstrument(tx, created.id);
  });
}

export async function renameInstrument(db: Database, actor: Actor, id: string, name: string): Promise<InstrumentView> {
  return db.transaction(async (tx) => {
    await lockInstrumentTable(tx);
    const instrument = await lockInstrument(tx, id);
    if (instrument.name === name) return getInstrument(tx, id);
    await refuseTakenInstrumentName(tx, name, id);
    await asNameConflict(() => tx.query(`UPDATE instruments SET name = :name, updated_at = now() WHERE id = :id::uuid`, { id, name }));
    await recordAudit(tx, {
      actor,
      action: 'instrument.rename',
      entityType: 'instrument',
      entityId: id,
      before: { code: instrument.code, name: instrument.name },
      after: { code: instrument.code, name },
    });
    return getInstrument(tx, id);
  });
}

/** Sets the whole score order: every live instrument exactly once, first on top. */
export async function reorderInstruments(db: Database, actor: Actor, instrumentIds: string[]): Promise<Page<InstrumentView>> {
  return db.transaction(async (tx) => {
    await lockInstrumentTable(tx);
    const before = await liveInstrumentOrder(tx);
    const violations = orderViolations('instrumentIds', 'instrument', before, instrumentIds);
    if (violations.length > 0) throw validationFailed(violations);
    await tx.query(
      `UPDATE instruments i SET sort_order = (o.ord * 10)::int, updated_at = now()
         FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS o(id, ord)
        WHERE i.id = o.id::uuid AND i.sort_order <> o.ord * 10`,
      { ids: instrumentIds },
    );
    await recordAudit(tx, {
      actor,
      action: 'instrument.reorder',
      entityType: 'instrument',
      entityId: null,
      before: { instrumentIds: before },
      after: { instrumentIds },
    });
    return listInstruments(tx, { includeArchived: false, limit: 500, offset: 0 });
  });
}
