import { conflict, validationFailed } from '../../http/errors';
import { SqlError, SqlState, type Database, type Queryable } from '../../ports/database';
import type { CustomListBody } from '../../schemas/ranking-lists';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { listOrder, lockRankingList } from './lock-ranking-list';
import { getRankingList, type RankingListView } from './read-ranking-lists';

/**
 * A project's own list for one position (SPEC §2): empty, or a copy of an A/B/C list or of an earlier
 * custom list of the same position, which the admin then edits for this project only. One per project
 * and position (archived ones aside).
 */
export async function createCustomList(db: Database, actor: Actor, projectId: string, body: CustomListBody): Promise<RankingListView> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    const { rows: positions } = await tx.query<{ name: string; archived: boolean }>(
      `SELECT name, archived_at IS NOT NULL AS archived FROM positions WHERE id = :id::uuid`,
      { id: body.positionId },
    );
    const position = positions[0];
    if (!position) throw validationFailed([{ field: 'positionId', message: 'no such position' }]);
    if (position.archived) throw validationFailed([{ field: 'positionId', message: `${position.name} is archived` }]);
    const taken = await existingCustomList(tx, projectId, body.positionId);
    const alreadyMessage = (code: string) => `${project.code} already has a custom list for ${position.name} (${code}); edit that one.`;
    if (taken) throw conflict(alreadyMessage(taken), 'custom_list_exists');

    let source: { id: string; code: string; label: string } | null = null;
    if (body.copyFromListId) {
      const { rows } = await tx.query<{ id: string; code: string; kind: string; position_id: string; project_code: string | null }>(
        `SELECT l.id, l.code, l.kind, l.position_id, pr.code AS project_code
           FROM ranking_lists l LEFT JOIN projects pr ON pr.id = l.project_id
          WHERE l.id = :id::uuid`,
        { id: body.copyFromListId },
      );
      const row = rows[0];
      if (!row) throw validationFailed([{ field: 'copyFromListId', message: 'no such ranking list' }]);
      if (row.position_id !== body.positionId) {
        throw validationFailed([{ field: 'copyFromListId', message: `is a list of another position than ${position.name}` }]);
      }
      source = { id: row.id, code: row.code, label: row.kind === 'custom' ? `custom list of ${row.project_code}` : `${row.kind} list` };
    }

    const description = body.description || (source ? `${project.name}: copied from the ${source.label}` : project.name);
    let created: { id: string; code: string };
    try {
      const { rows } = await tx.query<{ id: string; code: string }>(
        `INSERT INTO ranking_lists (position_id, kind, project_id, description)
         VALUES (:positionId::uuid, 'custom', :projectId::uuid, :description)
         RETURNING id, code`,
        { positionId: body.positionId, projectId, description },
      );
      created = rows[0];
    } catch (error) {
      // The project row lock makes this rare; kept so a race still reads as the conflict it is.
      if (error instanceof SqlError && error.code === SqlState.uniqueViolation) {
        throw conflict(`${project.code} already has a custom list for ${position.name}.`, 'custom_list_exists');
      }
      throw error;
    }
    if (source) {
      // One statement reads the source in one snapshot; row_number keeps the order and leaves no gaps.
      await tx.query(
        `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
         SELECT :listId::uuid, e.position_id, e.musician_id, row_number() OVER (ORDER BY e.rank)::int
           FROM ranking_list_entries e WHERE e.list_id = :sourceId::uuid`,
        { listId: created.id, sourceId: source.id },
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'ranking_list.create_custom',
      entityType: 'ranking_list',
      entityId: created.id,
      after: {
        list: created.code,
        project: project.code,
        positionId: body.positionId,
        copiedFrom: source?.code ?? null,
        musicianIds: await listOrder(tx, created.id),
      },
    });
    return getRankingList(tx, created.id);
  });
}

async function existingCustomList(q: Queryable, projectId: string, positionId: string): Promise<string | null> {
  const { rows } = await q.query<{ code: string }>(
    `SELECT code FROM ranking_lists
      WHERE project_id = :projectId::uuid AND position_id = :positionId::uuid AND kind = 'custom' AND archived_at IS NULL`,
    { projectId, positionId },
  );
  return rows[0]?.code ?? null;
}

export type DeleteListOutcome = { outcome: 'deleted' } | { outcome: 'archived'; list: RankingListView };

/**
 * Removes a custom list. A list some need ever asked from is history (who was asked from where), so it is
 * archived instead of deleted (SPEC §2); a list a live need still uses is refused. A, B and C belong to
 * their position and are cleared, never removed.
 */
export async function deleteCustomList(db: Database, actor: Actor, listId: string): Promise<DeleteListOutcome> {
  return db.transaction(async (tx) => {
    const list = await lockRankingList(tx, listId);
    if (list.kind !== 'custom') {
      throw conflict(`${list.code} is the ${list.kind} list of ${list.positionName}; standard lists cannot be removed, only cleared.`, 'standard_list');
    }
    const { rows: needs } = await tx.query<{ code: string; archived: boolean }>(
      `SELECT code, status = 'archived' AS archived FROM needs WHERE ranking_list_id = :listId::uuid ORDER BY code`,
      { listId },
    );
    const live = needs.filter((n) => !n.archived).map((n) => n.code);
    if (live.length > 0) {
      throw conflict(`${list.code} is used by ${live.join(', ')}; archive the need or give it another list first.`, 'list_in_use');
    }
    const before = { list: list.code, description: list.description, musicianIds: await listOrder(tx, listId) };
    if (needs.length > 0) {
      await tx.query(`UPDATE ranking_lists SET archived_at = now(), updated_at = now() WHERE id = :listId::uuid`, { listId });
      await recordAudit(tx, { actor, action: 'ranking_list.archive', entityType: 'ranking_list', entityId: listId, before });
      return { outcome: 'archived', list: await getRankingList(tx, listId) };
    }
    await tx.query(`DELETE FROM ranking_lists WHERE id = :listId::uuid`, { listId });
    await recordAudit(tx, { actor, action: 'ranking_list.delete', entityType: 'ranking_list', entityId: listId, before });
    return { outcome: 'deleted' };
  });
}
