import { randomUUID } from 'node:crypto';

/**
 * Where a project file's bytes live in the one bucket, under the orchestra's prefix. An upload form writes to
 * `…/uploads/<id>`; at confirm the checked bytes are copied to `…/files/<id>/<version>`, which is the only key
 * ever served or mailed. S3 cannot withdraw a presigned POST before it expires, so a form posted again after
 * confirm (a replay) writes to a key nobody reads: the form is single-use in effect.
 */
export function uploadStorageKey(orchestraId: string, projectId: string): string {
  return `orchestras/${orchestraId}/projects/${projectId}/uploads/${randomUUID()}`;
}

// `…/projects/<project>/uploads/<id>`, or `…/projects/<project>/<id>` as uploads were keyed before.
const uploadKeyPattern = /^(.+\/projects\/[^/]+)\/(?:uploads\/)?([^/]+)$/;
const servedKeyPattern = /^(.+\/projects\/[^/]+)\/files\/([^/]+)\/[^/]+$/;

/**
 * The key a confirmed upload is served from. It names the version that was checked, so two confirms that
 * saw different bytes never write the same key.
 */
export function servedStorageKey(uploadKey: string, version: string): string {
  const parts = uploadKeyPattern.exec(uploadKey);
  const versionSegment = version.replace(/[^A-Za-z0-9]/g, '');
  if (!parts || !versionSegment) throw new Error(`not an upload key and version: ${uploadKey} ${JSON.stringify(version)}`);
  return `${parts[1]}/files/${parts[2]}/${versionSegment}`;
}

/** The upload key a served key was copied from (a replayed form may have left bytes there), or null. */
export function uploadKeyOfServed(servedKey: string): string | null {
  const parts = servedKeyPattern.exec(servedKey);
  return parts ? `${parts[1]}/uploads/${parts[2]}` : null;
}
