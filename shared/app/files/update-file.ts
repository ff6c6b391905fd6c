import type { Database } from '../../ports/database';
import type { FilePatchBody } from '../../schemas/files';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { assertNeedOfProject } from './need-of-project';
import { findFile, publicFile, type FileView } from './read-files';

/** Changes when a file is sent (request or accept) and what it is attached to (a need, or the project). */
export async function updateFile(db: Database, actor: Actor, projectId: string, fileId: string, body: FilePatchBody): Promise<FileView> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const before = await findFile(tx, projectId, fileId, { confirmedOnly: true, lock: true });
    if (body.needId) await assertNeedOfProject(tx, projectId, body.needId);
    await tx.query(
      `UPDATE files
          SET send_on = coalesce(:sendOn, send_on),
              need_id = CASE WHEN :changeNeed::boolean THEN :needId::uuid ELSE need_id END
        WHERE id = :fileId::uuid`,
      { fileId, sendOn: body.sendOn ?? null, changeNeed: body.needId !== undefined, needId: body.needId ?? null },
    );
    const after = await findFile(tx, projectId, fileId);
    const summary = (f: FileView) => ({ code: f.code, sendOn: f.sendOn, needId: f.need?.id ?? null });
    await recordAudit(tx, { actor, action: 'file.update', entityType: 'file', entityId: fileId, before: summary(before), after: summary(after) });
    return publicFile(after);
  });
}
