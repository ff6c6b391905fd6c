import type { AwsCredentialIdentity } from '../adapters/aws/tenant-credentials';
import type { FileStore } from '../ports/file-store';

type LoadedStore = Promise<FileStore>;

/**
 * The files bucket as a FileStore; imported only by the runtimes of functions that handle files. With
 * `credentials` (an orchestra's tenant-role session) its calls and presigned links are that session's;
 * without, the function's own role (the workflow steps that read backups).
 * The S3 client and both presigners (~140 KB minified) are loaded on the first file operation, not at cold
 * start: most requests to files, respond and superadmin, and most ticks, touch no file. In the single-file
 * Lambda bundle esbuild keeps the code but wraps these modules so they are evaluated only when imported
 * (`npm run bench` measures the cold import either way).
 */
export const s3Files = (bucket: string, credentials?: () => Promise<AwsCredentialIdentity>): FileStore => {
  let store: LoadedStore | undefined;
  const load = (): LoadedStore =>
    (store ??= import('./s3-bucket-store').then(({ s3BucketStore }) => s3BucketStore(bucket, credentials)));
  return {
    put: async (key, content, contentType) => (await load()).put(key, content, contentType),
    get: async (key) => (await load()).get(key),
    delete: async (key) => (await load()).delete(key),
    exists: async (key) => (await load()).exists(key),
    stat: async (key) => (await load()).stat(key),
    readStart: async (key, byteCount) => (await load()).readStart(key, byteCount),
    copyIfUnchanged: async (sourceKey, targetKey, version) => (await load()).copyIfUnchanged(sourceKey, targetKey, version),
    presignUpload: async (key, options) => (await load()).presignUpload(key, options),
    presignDownload: async (key, options) => (await load()).presignDownload(key, options),
  };
};
