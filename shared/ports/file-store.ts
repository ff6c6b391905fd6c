/** Project files and backups (AWS: S3; locally: a folder served by the local runtime). */
export interface PresignedUpload {
  url: string;
  /** Form fields to send with the multipart POST, before the file field. */
  fields: Record<string, string>;
}

/** The start of a stored object: what confirming an upload judges its type by. */
export interface StoredObjectStart {
  /** The first bytes asked for, or fewer when the object is shorter. */
  firstBytes: Buffer;
  sizeBytes: number;
  /** Names this content of the key (S3: its ETag), so a copy can insist on the very bytes that were checked. */
  version: string;
}

export interface FileStore {
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The stored object's size, or null when there is none (an upload is confirmed against it). */
  stat(key: string): Promise<{ sizeBytes: number } | null>;
  /** The object's first `byteCount` bytes, size and version, or null when there is none (S3: a ranged GET). */
  readStart(key: string, byteCount: number): Promise<StoredObjectStart | null>;
  /**
   * Copies the object to `targetKey` if it is still the `version` that was read; false when it was replaced or
   * removed in between (S3: CopyObject with x-amz-copy-source-if-match).
   */
  copyIfUnchanged(sourceKey: string, targetKey: string, version: string): Promise<boolean>;
  presignUpload(key: string, options: { contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<PresignedUpload>;
  presignDownload(key: string, options: { filename: string; expiresInSeconds: number }): Promise<string>;
}
