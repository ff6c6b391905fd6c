import { downloadLinkSeconds } from '../../domain/file-rules';
import type { Queryable } from '../../ports/database';
import type { FileStore } from '../../ports/file-store';
import { findFile } from './read-files';

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/**
 * A short-lived link to the bytes, named after the file. Only an admin of this orchestra reaches the
 * route, and the file must belong to the project in the path, so a link is never handed to anyone else.
 * Files of archived projects stay downloadable: they are part of what happened.
 */
export async function fileDownloadLink(
  db: Queryable,
  files: FileStore,
  projectId: string,
  fileId: string,
  now: Date,
): Promise<DownloadLink> {
  const file = await findFile(db, projectId, fileId, { confirmedOnly: true });
  const url = await files.presignDownload(file.storageKey, { filename: file.filename, expiresInSeconds: downloadLinkSeconds });
  return { url, expiresAt: new Date(now.getTime() + downloadLinkSeconds * 1000).toISOString() };
}
