import { uploadLinkSeconds } from '../../domain/file-rules';
import type { Database } from '../../ports/database';
import type { FileStore, PresignedUpload } from '../../ports/file-store';
import type { FileCreateBody } from '../../schemas/files';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { uploadStorageKey } from './file-keys';
import { assertNeedOfProject } from './need-of-project';
import { findFile, publicFile, type FileView } from './read-files';

/** The unconfirmed file and the form its bytes are posted with. */
export interface FileUploadStart {
  file: FileView;
  upload: PresignedUpload;
}

/**
 * Step one of an upload: the file's row (unconfirmed, so it is not listed or sent yet) and a short-lived
 * upload form for the bytes, limited to the declared type and size, writing to the upload key (file-keys.ts).
 * Step two is confirmFileUpload.
 */
export async function createFileUpload(
  db: Database,
  files: FileStore,
  scope: { actor: Actor; orchestraId: string },
  projectId: string,
  body: FileCreateBody,
): Promise<FileUploadStart> {
  const file = await db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    if (body.needId) await assertNeedOfProject(tx, projectId, body.needId);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO files (project_id, need_id, storage_key, filename, content_type, size_bytes, send_on)
       VALUES (:projectId::uuid, :needId::uuid, :storageKey, :filename, :contentType, :sizeBytes, :sendOn)
       RETURNING id`,
      { projectId, ...body, storageKey: uploadStorageKey(scope.orchestraId, projectId) },
    );
    const created = await findFile(tx, projectId, rows[0].id);
    await recordAudit(tx, {
      actor: scope.actor,
      action: 'file.create',
      entityType: 'file',
      entityId: created.id,
      after: { code: created.code, projectId, ...body },
    });
    return created;
  });
  const upload = await files.presignUpload(file.storageKey, {
    contentType: file.contentType,
    maxBytes: file.sizeBytes,
    expiresInSeconds: uploadLinkSeconds,
  });
  return { file: publicFile(file), upload };
}
