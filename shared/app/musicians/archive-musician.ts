import type { Plan } from '../../domain/plan-limits';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockMusician } from './lock-musician';
import { assertPlanRoom } from './musician-plan';
import { getMusician, type MusicianView } from './read-musicians';

/**
 * Archives a musician (soft delete: never removed). History, notes, qualifications and list places all
 * stay — the ranks on A/B/C lists are kept so a restore puts them back where they were, and the request
 * engine skips archived musicians when it walks a list. Archiving twice changes nothing.
 */
export async function archiveMusician(db: Database, actor: Actor, id: string): Promise<MusicianView> {
  return db.transaction(async (tx) => {
    const musician = await lockMusician(tx, id);
    if (musician.archived) return getMusician(tx, id);
    await tx.query(`UPDATE musicians SET archived_at = now(), updated_at = now() WHERE id = :id::uuid`, { id });
    await recordAudit(tx, {
      actor,
      action: 'musician.archive',
      entityType: 'musician',
      entityId: id,
      before: { code: musician.code, archived: false },
      after: { code: musician.code, archived: true },
    });
    return getMusician(tx, id);
  });
}

/** Brings an archived musician back, as they were (counts against the plan again). */
export async function restoreMusician(db: Database, actor: Actor, plan: Plan, id: string): Promise<MusicianView> {
  return db.transaction(async (tx) => {
    const musician = await lockMusician(tx, id);
    if (!musician.archived) return getMusician(tx, id);
    await assertPlanRoom(tx, plan, 1);
    await tx.query(`UPDATE musicians SET archived_at = NULL, updated_at = now() WHERE id = :id::uuid`, { id });
    await recordAudit(tx, {
      actor,
      action: 'musician.restore',
      entityType: 'musician',
      entityId: id,
      before: { code: musician.code, archived: true },
      after: { code: musician.code, archived: false },
    });
    return getMusician(tx, id);
  });
}
