import { conflict, notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface LockedProject {
  id: string;
  code: string;
  name: string;
  archived: boolean;
}

/**
 * Changes to a project, its needs and its custom lists lock the project row first, so two admins editing
 * the same project run one after another (one custom list per position, needs checked against a stable
 * project). An archived project is history: refused unless the caller allows it.
 */
export async function lockProject(tx: Queryable, id: string, options: { allowArchived?: boolean } = {}): Promise<LockedProject> {
  const { rows } = await tx.query<{ id: string; code: string; name: string; archived: boolean }>(
    `SELECT id, code, name, archived_at IS NOT NULL AS archived FROM projects WHERE id = :id::uuid FOR UPDATE`,
    { id },
  );
  const project = rows[0];
  if (!project) throw notFound('No such project.');
  if (project.archived && !options.allowArchived) {
    throw conflict(`${project.code} (${project.name}) is archived and can no longer be changed.`, 'project_archived');
  }
  return project;
}
