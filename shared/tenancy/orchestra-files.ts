import type { FileStore } from '../ports/file-store';

/**
 * Every file of an orchestra (project files, backups) lives under its own key prefix. In AWS the files bucket
 * is reached with the orchestra's tenant-role session, whose policy allows only
 * `orchestras/${aws:PrincipalTag/orchestra-id}/*`; this check says the same in our code, so a key of another
 * orchestra fails here with a clear message (locally too) instead of as an S3 AccessDenied.
 */
export function orchestraFilesPrefix(orchestraId: string): string {
  return `orchestras/${orchestraId}/`;
}

const orchestraIdOfKeyPattern = /^orchestras\/([0-9a-f-]{36})\//;

/** The orchestra whose prefix a key is under (a backup to restore from names its source orchestra so). */
export function orchestraIdOfKey(key: string): string | undefined {
  return orchestraIdOfKeyPattern.exec(key)?.[1];
}

export class ForeignFileKeyError extends Error {
  constructor(key: string, orchestraId: string) {
    super(`the file key ${key} is not under orchestra ${orchestraId}'s prefix ${orchestraFilesPrefix(orchestraId)}`);
    this.name = 'ForeignFileKeyError';
  }
}

/** The store limited to one orchestra's prefix: any other key is refused before the store is asked. */
export function scopedToOrchestra(store: FileStore, orchestraId: string): FileStore {
  const prefix = orchestraFilesPrefix(orchestraId);
  const own = (key: string) => {
    if (!key.startsWith(prefix) || key.length === prefix.length) throw new ForeignFileKeyError(key, orchestraId);
    return key;
  };
  return {
    put: async (key, content, contentType) => store.put(own(key), content, contentType),
    get: async (key) => store.get(own(key)),
    delete: async (key) => store.delete(own(key)),
    exists: async (key) => store.exists(own(key)),
    stat: async (key) => store.stat(own(key)),
    readStart: async (key, byteCount) => store.readStart(own(key), byteCount),
    copyIfUnchanged: async (sourceKey, targetKey, version) => store.copyIfUnchanged(own(sourceKey), own(targetKey), version),
    presignUpload: async (key, options) => store.presignUpload(own(key), options),
    presignDownload: async (key, options) => store.presignDownload(own(key), options),
  };
}
