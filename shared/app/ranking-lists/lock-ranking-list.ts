import type { RankingListKind } from '../../domain/need-rules';
import { conflict, notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface LockedList {
  id: string;
  code: string;
  kind: RankingListKind;
  description: string;
  positionId: string;
  positionName: string;
  projectId: string | null;
}

/**
 * Every change to a list's entries starts here: the list row is locked FOR UPDATE, so edits of one list
 * (two admins dragging at once, an add during a reorder) run one after another and each sees the ranks the
 * one before left — ranks stay unique and gap-free. Archived lists (or lists of an archived position) are
 * kept for history and not edited.
 */
export async function lockRankingList(tx: Queryable, id: string): Promise<LockedList> {
  const { rows } = await tx.query<{
    id: string;
    code: string;
    kind: RankingListKind;
    description: string;
    position_id: string;
    position_name: string;
    project_id: string | null;
    archived: boolean;
  }>(
    `SELECT l.id, l.code, l.kind, l.description, l.position_id, p.name AS position_name, l.project_id,
            (l.archived_at IS NOT NULL OR p.archived_at IS NOT NULL) AS archived
       FROM ranking_lists l JOIN positions p ON p.id = l.position_id
      WHERE l.id = :id::uuid
        FOR UPDATE OF l`,
    { id },
  );
  const row = rows[0];
  if (!row) throw notFound('No such ranking list.');
  if (row.archived) throw conflict(`${row.code} is archived and kept only for history; it cannot be changed.`, 'list_archived');
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    description: row.description,
    positionId: row.position_id,
    positionName: row.position_name,
    projectId: row.project_id,
  };
}

/** The list's musicians, top first. */
export async function listOrder(tx: Queryable, listId: string): Promise<string[]> {
  const { rows } = await tx.query<{ musician_id: string }>(
    `SELECT musician_id FROM ranking_list_entries WHERE list_id = :id::uuid ORDER BY rank`,
    { id: listId },
  );
  return rows.map((r) => r.musician_id);
}

export async function touchList(tx: Queryable, listId: string): Promise<void> {
  await tx.query(`UPDATE ranking_lists SET updated_at = now() WHERE id = :id::uuid`, { id: listId });
}
