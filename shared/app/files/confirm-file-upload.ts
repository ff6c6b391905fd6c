import { fileSignatureBytes, fileContentProblem } from '../../domain/file-signatures';
import type { AllowedFileType } from '../../domain/file-rules';
import { conflict, validationFailed } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { FileStore } from '../../ports/file-store';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { servedStorageKey } from './file-keys';
import { findFile, publicFile, type FileView } from './read-files';

/**
 * Step two of an upload: the bytes are in storage, so the file is listed and can be sent. Their first bytes
 * must be what the declared type starts with (else 400 and the bytes are removed); the checked version is
 * copied to the key it is served from (file-keys.ts), so posting the upload form again changes nothing. The
 * stored size is what arrived (the form already held it to the declared size at most). Confirming twice is
 * harmless and returns the file. Storage is read and copied before the transaction, so no lock waits on S3.
 */
export async function confirmFileUpload(db: Database, files: FileStore, actor: Actor, projectId: string, fileId: string): Promise<FileView> {
  const pending = await findFile(db, projectId, fileId);
  if (pending.confirmed) return publicFile(pending);
  const uploadKey = pending.storageKey;
  const uploaded = await files.readStart(uploadKey, fileSignatureBytes);
  if (!uploaded) {
    throw conflict(`${pending.code} (${pending.filename}) has not been uploaded yet: send the file to the upload form first.`, 'upload_missing');
  }
  const problem = fileContentProblem(pending.contentType as AllowedFileType, uploaded.firstBytes);
  if (problem) {
    await files.delete(uploadKey);
    throw validationFailed([{ field: 'file', message: problem }]);
  }
  const servedKey = servedStorageKey(uploadKey, uploaded.version);
  if (!(await files.copyIfUnchanged(uploadKey, servedKey, uploaded.version))) {
    // A confirm at the same time may have won and removed the upload key: then the file is confirmed.
    const meanwhile = await findFile(db, projectId, fileId);
    if (meanwhile.confirmed) return publicFile(meanwhile);
    throw conflict(`${pending.code} (${pending.filename}) was uploaded again while it was being confirmed; confirm it again.`, 'upload_changed');
  }
  const outcome = await db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const file = await findFile(tx, projectId, fileId, { lock: true });
    if (file.confirmed) return { file: publicFile(file), servedKey: file.storageKey };
    await tx.query(`UPDATE files SET storage_key = :servedKey, confirmed_at = now(), size_bytes = :sizeBytes WHERE id = :fileId::uuid`, {
      fileId,
      servedKey,
      sizeBytes: uploaded.sizeBytes,
    });
    await recordAudit(tx, {
      actor,
      action: 'file.confirm',
      entityType: 'file',
      entityId: fileId,
      before: { code: file.code, confirmed: false, sizeBytes: file.sizeBytes },
      after: { code: file.code, confirmed: true, sizeBytes: uploaded.sizeBytes },
    });
    return { file: publicFile(await findFile(tx, projectId, fileId)), servedKey };
  });
  // A confirm that ran at the same time recorded a copy of other bytes: this one's copy is nobody's.
  if (outcome.servedKey !== servedKey) await files.delete(servedKey);
  // The upload key is never read again; what a replayed form writes there later is removed with the file.
  await files.delete(uploadKey);
  return outcome.file;
}
