/** Project files and backups (AWS: S3; locally: a folder served by the local runtime). */
export interface PresignedUpload {
  url: string;
  /** Form fields to send with the multipart POST, before the file field. */
  fields: Record<string, string>;
}

export interface FileStore {
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The stored object's size, or null when there is none (an upload is confirmed against it). */
  stat(key: string): Promise<{ sizeBytes: number } | null>;
  presignUpload(key: string, options: { contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<PresignedUpload>;
  presignDownload(key: string, options: { filename: string; expiresInSeconds: number }): Promise<string>;
}
