import { insertionRank, reorderViolations } from '../../domain/ranking-order';
import { conflict, notFound, unprocessable, validationFailed } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { AddEntryBody } from '../../schemas/ranking-lists';
import { recordAudit, type Actor } from '../audit/record-audit';
import { listOrder, lockRankingList, touchList } from './lock-ranking-list';
import { getRankingList, type RankingListView } from './read-ranking-lists';

/** Adds a musician qualified for the list's position, at the end or at a given rank (others move down). */
export async function addRankingListEntry(db: Database, actor: Actor, listId: string, body: AddEntryBody): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    const { rows } = await tx.query<{
      code: string;
      name: string;
      archived: boolean;
      qualified: boolean;
      current_rank: number | null;
    }>(
      `SELECT m.code, m.first_name || ' ' || m.last_name AS name, m.archived_at IS NOT NULL AS archived,
              EXISTS (SELECT 1 FROM musician_qualifications q WHERE q.musician_id = m.id AND q.position_id = :positionId::uuid) AS qualified,
              (SELECT e.rank FROM ranking_list_entries e WHERE e.list_id = :listId::uuid AND e.musician_id = m.id) AS current_rank
         FROM musicians m WHERE m.id = :musicianId::uuid`,
      { musicianId: body.musicianId, positionId: list.positionId, listId },
    );
    const musician = rows[0];
    if (!musician) throw validationFailed([{ field: 'musicianId', message: 'no such musician' }]);
    const who = `${musician.name} (${musician.code})`;
    if (musician.current_rank !== null) throw conflict(`${who} is already on ${list.code} at rank ${musician.current_rank}.`, 'already_on_list');
    if (musician.archived) throw unprocessable(`${who} is archived; restore the musician before adding them to a list.`, 'musician_archived');
    if (!musician.qualified) {
      throw unprocessable(`${who} is not qualified for ${list.positionName}; add the qualification first.`, 'not_qualified');
    }
    const entries = (await listOrder(tx, listId)).length;
    const placed = insertionRank(entries, body.rank);
    if ('violation' in placed) throw validationFailed([placed.violation]);

    await tx.query(`UPDATE ranking_list_entries SET rank = rank + 1 WHERE list_id = :listId::uuid AND rank >= :rank::int`, {
      listId,
      rank: placed.rank,
    });
    await tx.query(
      `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
       VALUES (:listId::uuid, :positionId::uuid, :musicianId::uuid, :rank::int)`,
      { listId, positionId: list.positionId, musicianId: body.musicianId, rank: placed.rank },
    );
    await touchList(tx, listId);
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.add_entry',
      entityType: 'ranking_list',
      entityId: list.id,
      after: { list: list.code, musicianId: body.musicianId, musicianCode: musician.code, rank: placed.rank },
    });
    return getRankingList(tx, listId);
  });
}

/** Removes a musician; everyone below moves up one, so ranks close up. */
export async function removeRankingListEntry(db: Database, actor: Actor, listId: string, musicianId: string): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    const { rows } = await tx.query<{ rank: number; code: string }>(
      `DELETE FROM ranking_list_entries e USING musicians m
        WHERE e.list_id = :listId::uuid AND e.musician_id = :musicianId::uuid AND m.id = e.musician_id
      RETURNING e.rank, m.code`,
      { listId, musicianId },
    );
    if (rows.length === 0) throw notFound(`That musician is not on ${list.code}.`);
    await tx.query(`UPDATE ranking_list_entries SET rank = rank - 1 WHERE list_id = :listId::uuid AND rank > :rank::int`, {
      listId,
      rank: rows[0].rank,
    });
    await touchList(tx, listId);
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.remove_entry',
      entityType: 'ranking_list',
      entityId: list.id,
      before: { list: list.code, musicianId, musicianCode: rows[0].code, rank: rows[0].rank },
    });
    return getRankingList(tx, listId);
  });
}

/** Sets the whole order at once; the body must name every musician on the list exactly once. */
export async function reorderRankingList(db: Database, actor: Actor, listId: string, musicianIds: string[]): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    const before = await listOrder(tx, listId);
    const violations = reorderViolations(before, musicianIds);
    if (violations.length > 0) throw validationFailed(violations);
    // The unique (list, rank) is checked at commit, so ranks may pass through duplicates on the way.
    await tx.query(
      `UPDATE ranking_list_entries e SET rank = o.ord::int
         FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS o(musician_id, ord)
        WHERE e.list_id = :listId::uuid AND e.musician_id = o.musician_id::uuid AND e.rank <> o.ord`,
      { listId, ids: musicianIds },
    );
    await touchList(tx, listId);
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.reorder',
      entityType: 'ranking_list',
      entityId: list.id,
      before: { list: list.code, musicianIds: before },
      after: { list: list.code, musicianIds },
    });
    return getRankingList(tx, listId);
  });
}

/** Empties the list (the musicians and their qualifications stay). */
export async function clearRankingList(db: Database, actor: Actor, listId: string): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    const before = await listOrder(tx, listId);
    await tx.query(`DELETE FROM ranking_list_entries WHERE list_id = :listId::uuid`, { listId });
    await touchList(tx, listId);
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.clear',
      entityType: 'ranking_list',
      entityId: list.id,
      before: { list: list.code, musicianIds: before },
      after: { list: list.code, musicianIds: [] },
    });
    return getRankingList(tx, listId);
  });
}

/** The list's description (what the list is for: "A: regular extras", "B: students"…). */
export async function updateRankingListDescription(db: Database, actor: Actor, listId: string, description: string): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    await tx.query(`UPDATE ranking_lists SET description = :description, updated_at = now() WHERE id = :listId::uuid`, { listId, description });
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.update',
      entityType: 'ranking_list',
      entityId: list.id,
      before: { list: list.code, description: list.description },
      after: { list: list.code, description },
    });
    return getRankingList(tx, listId);
  });
}
