import { createHash } from 'node:crypto';
import type { S3CorsRule } from './s3-cors';

/** Buckets held in memory: each object's bytes and the headers S3 keeps with it. */
export interface S3StoredObject {
  body: Buffer;
  contentType: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  /** x-amz-meta-* headers, names lower-case without the prefix. */
  metadata: Record<string, string>;
  /** Quoted MD5 of the body, as S3 gives for a single-part upload. */
  etag: string;
  lastModified: Date;
}

export interface S3Bucket {
  name: string;
  objects: Map<string, S3StoredObject>;
  corsRules?: S3CorsRule[];
}

export function storedObject(body: Buffer, headers: Omit<S3StoredObject, 'body' | 'etag' | 'lastModified' | 'metadata'> & { metadata?: Record<string, string> }): S3StoredObject {
  return {
    ...headers,
    metadata: headers.metadata ?? {},
    body,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    // S3 keeps whole seconds (Last-Modified is an HTTP date).
    lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}
