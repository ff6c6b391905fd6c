import { badRequest } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import type { ConflictChoicesBody } from '../../schemas/engine';
import { previewProject, type ProjectPreview } from './preview-project';

/**
 * SPEC §3.4 admin_choice: the admin picks the one need each conflicted musician may be asked for. A pick must
 * name a need of this project whose list holds the musician; null removes it. Answers the fresh preview.
 */
export async function saveConflictChoices(db: Database, actor: Actor, projectId: string, body: ConflictChoicesBody): Promise<ProjectPreview> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const picks = body.choices.filter((c) => c.needId !== null);
    const { rows: valid } = await tx.query<{ musicianId: string; needId: string }>(
      `SELECT e.musician_id AS "musicianId", n.id AS "needId"
         FROM jsonb_to_recordset(:picks::jsonb) AS c("musicianId" uuid, "needId" uuid)
         JOIN needs n ON n.id = c."needId" AND n.project_id = :projectId::uuid
         JOIN ranking_list_entries e ON e.list_id = n.ranking_list_id AND e.musician_id = c."musicianId"`,
      { picks, projectId },
    );
    const fields = body.choices.flatMap((c, i) =>
      c.needId !== null && !valid.some((v) => v.musicianId === c.musicianId && v.needId === c.needId)
        ? [{ field: `choices.${i}.needId`, message: "must be a need of this project whose list holds the musician" }]
        : [],
    );
    if (fields.length > 0) throw badRequest('Some choices name a need that cannot ask that musician.', fields);

    const { rows: before } = await tx.query<{ musicianId: string; needId: string }>(
      `SELECT musician_id AS "musicianId", need_id AS "needId" FROM project_conflict_choices
        WHERE project_id = :projectId::uuid AND musician_id IN (SELECT (c->>'musicianId')::uuid FROM jsonb_array_elements(:choices::jsonb) c)`,
      { projectId, choices: body.choices },
    );
    await tx.query(
      `DELETE FROM project_conflict_choices
        WHERE project_id = :projectId::uuid AND musician_id IN (SELECT (c->>'musicianId')::uuid FROM jsonb_array_elements(:choices::jsonb) c)`,
      { projectId, choices: body.choices },
    );
    if (picks.length > 0) {
      await tx.query(
        `INSERT INTO project_conflict_choices (project_id, musician_id, need_id)
         SELECT :projectId::uuid, c."musicianId", c."needId" FROM jsonb_to_recordset(:picks::jsonb) AS c("musicianId" uuid, "needId" uuid)`,
        { projectId, picks },
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'project.conflict_choices',
      entityType: 'project',
      entityId: projectId,
      before,
      after: body.choices,
    });
    return previewProject(tx, projectId);
  });
}
