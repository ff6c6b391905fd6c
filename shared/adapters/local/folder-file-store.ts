import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../ports/clock';
import type { FileStore } from '../../ports/file-store';

/**
 * The local FileStore: objects in a folder, and the same two-step flow as S3. presignUpload hands out a
 * URL on the local server with fields signed by HMAC (key, content type, size limit, expiry), which the
 * server checks before it writes a byte, like S3 checks a POST policy; presignDownload a signed URL the
 * server checks the same way. The local server mounts both (infra/local/local-files-endpoint.ts).
 */
export interface FolderFileStoreOptions {
  directory: string;
  /** Path on the local server that receives uploads and serves downloads, e.g. `/_local/files`. */
  basePath: string;
  clock?: Clock;
  /** HMAC key for the signed fields and URLs; a fresh random one per process by default. */
  signingKey?: Buffer;
}

export type UploadOutcome =
  | { ok: true; key: string; sizeBytes: number }
  | { ok: false; status: 400 | 403; code: string; message: string };

export interface DownloadOutcome {
  content: Buffer;
  contentType: string;
  filename: string;
}

export type FolderFileStore = FileStore & {
  /** Checks the signed form fields, then stores the file stream (at most the signed size). */
  receiveUpload(fields: Record<string, string>, file: Readable): Promise<UploadOutcome>;
  /** The object a signed download URL names, or null when the signature is wrong or expired. */
  openDownload(query: URLSearchParams): Promise<DownloadOutcome | null>;
};

// One or more segments of safe characters, none starting with a dot, so no key can climb out of the folder.
const safeKey = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function createFolderFileStore(options: FolderFileStoreOptions): FolderFileStore {
  const clock = options.clock ?? systemClock;
  const signingKey = options.signingKey ?? randomBytes(32);
  const objectPath = (key: string) => {
    if (!safeKey.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
    return join(options.directory, 'objects', key);
  };
  const metaPath = (key: string) => join(options.directory, 'meta', `${key}.json`);
  const sign = (...parts: string[]) => createHmac('sha256', signingKey).update(parts.join('\n')).digest('base64url');
  const signatureMatches = (given: string | undefined | null, expected: string) =>
    typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  const expired = (expires: string) => !/^\d+$/.test(expires) || Number(expires) * 1000 < clock.now().getTime();

  const write = async (key: string, content: Buffer, contentType: string) => {
    const path = objectPath(key);
    await mkdir(dirname(path), { recursive: true });
    await mkdir(dirname(metaPath(key)), { recursive: true });
    // Written beside and renamed into place, so a reader never sees half a file.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(partial, content);
    await writeFile(metaPath(key), JSON.stringify({ contentType }));
    await rename(partial, path);
  };

  const store: FolderFileStore = {
    put: write,

    async get(key) {
      return readFile(objectPath(key));
    },

    async delete(key) {
      await rm(objectPath(key), { force: true });
      await rm(metaPath(key), { force: true });
    },

    async exists(key) {
      return (await store.stat(key)) !== null;
    },

    async stat(key) {
      try {
        return { sizeBytes: (await stat(objectPath(key))).size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    async readStart(key, byteCount) {
      const content = await readIfThere(objectPath(key));
      if (!content) return null;
      return { firstBytes: content.subarray(0, byteCount), sizeBytes: content.length, version: versionOf(content) };
    },

    async copyIfUnchanged(sourceKey, targetKey, version) {
      // The version is the hash of the very bytes copied, so a replacement in between is never copied.
      const content = await readIfThere(objectPath(sourceKey));
      if (!content || versionOf(content) !== version) return false;
      const { contentType } = JSON.parse(await readFile(metaPath(sourceKey), 'utf8')) as { contentType: string };
      await write(targetKey, content, contentType);
      return true;
    },

    async presignUpload(key, { contentType, maxBytes, expiresInSeconds }) {
      objectPath(key); // refuse an unsafe key now rather than at upload time
      const expires = String(Math.floor(clock.now().getTime() / 1000) + expiresInSeconds);
      const max = String(maxBytes);
      return {
        url: `${options.basePath}/upload`,
        fields: { key, 'Content-Type': contentType, 'x-max-bytes': max, 'x-expires': expires, 'x-signature': sign('upload', key, contentType, max, expires) },
      };
    },

    async presignDownload(key, { filename, expiresInSeconds }) {
      objectPath(key);
      const expires = String(Math.floor(clock.now().getTime() / 1000) + expiresInSeconds);
      const query = new URLSearchParams({ key, filename, expires, signature: sign('download', key, filename, expires) });
      return `${options.basePath}/download?${query}`;
    },

    async receiveUpload(fields, file) {
      const { key = '', 'Content-Type': contentType = '', 'x-max-bytes': max = '', 'x-expires': expires = '' } = fields;
      const valid = signatureMatches(fields['x-signature'], sign('upload', key, contentType, max, expires)) && safeKey.test(key);
      if (!valid) {
        file.resume();
        return { ok: false, status: 403, code: 'AccessDenied', message: 'The upload form is not signed for these fields.' };
      }
      if (expired(expires)) {
        file.resume();
        return { ok: false, status: 403, code: 'AccessDenied', message: 'The upload form has expired; ask for a new one.' };
      }
      const content = await readAtMost(file, Number(max));
      if (content === 'too large') return { ok: false, status: 400, code: 'EntityTooLarge', message: `The file is larger than the ${max} bytes allowed.` };
      if (content.length === 0) return { ok: false, status: 400, code: 'EntityTooSmall', message: 'The file is empty.' };
      await write(key, content, contentType);
      return { ok: true, key, sizeBytes: content.length };
    },

    async openDownload(query) {
      const key = query.get('key') ?? '';
      const filename = query.get('filename') ?? '';
      const expires = query.get('expires') ?? '';
      if (!signatureMatches(query.get('signature'), sign('download', key, filename, expires)) || expired(expires) || !safeKey.test(key)) return null;
      try {
        const [content, meta] = await Promise.all([readFile(objectPath(key)), readFile(metaPath(key), 'utf8')]);
        return { content, contentType: (JSON.parse(meta) as { contentType: string }).contentType, filename };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
  return store;
}

/** Like an ETag: names one content of a key. The twin reads whole files (at most 25 MB) to check them. */
function versionOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

async function readIfThere(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads the whole stream, keeping at most `max` bytes; always drains it so the form parser can finish. */
function readAtMost(stream: Readable, max: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    stream.on('end', () => resolve(size > max ? 'too large' : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
