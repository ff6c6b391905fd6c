import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { FileStore } from '../../ports/file-store';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { findFile, publicFile, type FileView } from './read-files';

/**
 * Step two of an upload: the bytes are in storage, so the file is listed and can be sent. The stored size
 * is what arrived (the upload form already held it to the declared size at most). Confirming twice is
 * harmless and returns the file.
 */
export async function confirmFileUpload(db: Database, files: FileStore, actor: Actor, projectId: string, fileId: string): Promise<FileView> {
  const pending = await findFile(db, projectId, fileId);
  if (pending.confirmed) return publicFile(pending);
  const stored = await files.stat(pending.storageKey);
  if (!stored) {
    throw conflict(`${pending.code} (${pending.filename}) has not been uploaded yet: send the file to the upload form first.`, 'upload_missing');
  }
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const file = await findFile(tx, projectId, fileId, { lock: true });
    if (file.confirmed) return publicFile(file);
    await tx.query(`UPDATE files SET confirmed_at = now(), size_bytes = :sizeBytes WHERE id = :fileId::uuid`, { fileId, sizeBytes: stored.sizeBytes });
    await recordAudit(tx, {
      actor,
      action: 'file.confirm',
      entityType: 'file',
      entityId: fileId,
      before: { code: file.code, confirmed: false, sizeBytes: file.sizeBytes },
      after: { code: file.code, confirmed: true, sizeBytes: stored.sizeBytes },
    });
    return publicFile(await findFile(tx, projectId, fileId));
  });
}
