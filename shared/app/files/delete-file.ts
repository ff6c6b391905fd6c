import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { FileStore } from '../../ports/file-store';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { uploadKeyOfServed } from './file-keys';
import { findFile } from './read-files';

/**
 * Removes a file: its row and its bytes. Files are attachments, not history — an email that carried one
 * already went out with a copy, and the audit entry keeps name, type and size. A group email's record
 * loses the link to it (the schema cascades that). Refused while an email that attaches it still waits in
 * the outbox, since delivery reads the bytes then. The bytes are deleted last inside the transaction: if
 * storage fails, nothing is removed.
 */
export async function deleteFile(db: Database, files: FileStore, actor: Actor, projectId: string, fileId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const file = await findFile(tx, projectId, fileId, { lock: true });
    const { rows } = await tx.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM outbox
        WHERE status IN ('pending', 'sending') AND attachments @> jsonb_build_array(jsonb_build_object('storageKey', :storageKey::text))`,
      { storageKey: file.storageKey },
    );
    const waiting = rows[0].waiting;
    if (waiting > 0) {
      throw conflict(
        `${file.code} (${file.filename}) is attached to ${waiting} email${waiting === 1 ? '' : 's'} not sent yet; try again once ${waiting === 1 ? 'it has' : 'they have'} gone out.`,
        'file_in_outbox',
      );
    }
    await tx.query(`DELETE FROM files WHERE id = :fileId::uuid`, { fileId });
    await recordAudit(tx, {
      actor,
      action: 'file.delete',
      entityType: 'file',
      entityId: fileId,
      before: { code: file.code, projectId, needId: file.need?.id ?? null, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes, sendOn: file.sendOn, confirmed: file.confirmed },
    });
    await files.delete(file.storageKey);
    // What a replayed upload form may have left at the key it writes to (never served, but the file's).
    const uploadKey = uploadKeyOfServed(file.storageKey);
    if (uploadKey) await files.delete(uploadKey);
  });
}
