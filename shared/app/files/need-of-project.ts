import { validationFailed } from '../../http/errors';
import type { Queryable } from '../../ports/database';

/**
 * A file may be attached to a need of its own project only (the table's composite key says so too; this
 * turns it into a 400 naming the field). Archived needs take no new files: they no longer send email.
 */
export async function assertNeedOfProject(tx: Queryable, projectId: string, needId: string): Promise<void> {
  const { rows } = await tx.query<{ code: string; status: string }>(
    `SELECT code, status FROM needs WHERE id = :needId::uuid AND project_id = :projectId::uuid`,
    { needId, projectId },
  );
  if (!rows[0]) throw validationFailed([{ field: 'needId', message: 'is not a need of this project' }]);
  if (rows[0].status === 'archived') throw validationFailed([{ field: 'needId', message: `${rows[0].code} is archived` }]);
}
