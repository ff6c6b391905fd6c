import { conflict } from '../../http/errors';
import type { Queryable } from '../../ports/database';

interface OpenNeedRow {
  code: string;
  status: string;
  project_code: string;
  project_name: string;
  position_name: string;
  pending: number;
}

/**
 * An instrument or position is history once a need used it, so it is archived, never deleted. It is not
 * archived while it still does work: a need of it with requests waiting for an answer, or a need still
 * active or paused in a live project (the engine would go on asking from an archived list). The 409 names
 * those needs so the admin knows what to finish first.
 */
export async function refuseWhileNeedsOpen(tx: Queryable, subject: string, positionIds: string[]): Promise<void> {
  if (positionIds.length === 0) return;
  const { rows } = await tx.query<OpenNeedRow>(
    `SELECT n.code, n.status, pr.code AS project_code, pr.name AS project_name, p.name AS position_name,
            (SELECT count(*)::int FROM requests r WHERE r.need_id = n.id AND r.status = 'pending') AS pending
       FROM needs n
       JOIN projects pr ON pr.id = n.project_id
       JOIN positions p ON p.id = n.position_id
      WHERE n.position_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
        AND ((n.status IN ('active', 'paused') AND pr.archived_at IS NULL)
             OR EXISTS (SELECT 1 FROM requests r WHERE r.need_id = n.id AND r.status = 'pending'))
      ORDER BY pr.start_date, n.code`,
    { ids: positionIds },
  );
  if (rows.length === 0) return;
  const shown = rows.slice(0, 3).map((n) => {
    const state =
      n.pending > 0 ? `has ${n.pending} request${n.pending === 1 ? '' : 's'} waiting for an answer` : `is still ${n.status}`;
    return `${n.code} (${n.position_name}) in ${n.project_code} ${n.project_name} ${state}`;
  });
  const more = rows.length > 3 ? `; and ${rows.length - 3} more` : '';
  throw conflict(
    `${subject} cannot be archived while needs still ask for it: ${shown.join('; ')}${more}. Archive those needs or let them finish first.`,
    'in_use',
  );
}
