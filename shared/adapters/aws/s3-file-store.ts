import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileStore } from '../../ports/file-store';
import { attachmentDisposition } from '../../http/content-disposition';

export interface S3FileStoreOptions {
  client: S3Client;
  bucket: string;
}

/**
 * Project files in S3. Browsers upload straight to the bucket with a presigned POST whose policy pins the
 * key, the content type and the size range, and download through a short-lived presigned GET that names
 * the file; the bytes never pass through a Lambda.
 */
export function createS3FileStore({ client, bucket }: S3FileStoreOptions): FileStore {
  const head = async (key: string) => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };

  return {
    async put(key, content, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content, ContentType: contentType }));
    },

    async get(key) {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!result.Body) throw new Error(`S3 returned no body for ${key}`);
      return Buffer.from(await result.Body.transformToByteArray());
    },

    async delete(key) {
      // Deleting a missing key succeeds in S3, so a retried delete is harmless.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async exists(key) {
      return (await head(key)) !== null;
    },

    async stat(key) {
      const result = await head(key);
      return result ? { sizeBytes: result.ContentLength ?? 0 } : null;
    },

    async readStart(key, byteCount) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${byteCount - 1}` }));
        const firstBytes = result.Body ? Buffer.from(await result.Body.transformToByteArray()) : Buffer.alloc(0);
        // A ranged answer names the whole size after the slash: `bytes 0-4095/123456`.
        const total = /\/(\d+)$/.exec(result.ContentRange ?? '')?.[1];
        return { firstBytes, sizeBytes: total ? Number(total) : (result.ContentLength ?? firstBytes.length), version: result.ETag ?? '' };
      } catch (error) {
        if (isNotFound(error)) return null;
        // An empty object has no byte 0 to start a range at.
        if (statusOf(error) === 416) {
          const empty = await head(key);
          return empty ? { firstBytes: Buffer.alloc(0), sizeBytes: empty.ContentLength ?? 0, version: empty.ETag ?? '' } : null;
        }
        throw error;
      }
    },

    async copyIfUnchanged(sourceKey, targetKey, version) {
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: targetKey,
            CopySource: `${bucket}/${sourceKey.split('/').map(encodeURIComponent).join('/')}`,
            // S3 compares the source's ETag itself, so the copy is of the bytes that were checked or does not happen.
            CopySourceIfMatch: version,
          }),
        );
        return true;
      } catch (error) {
        if (statusOf(error) === 412 || isNotFound(error)) return false;
        throw error;
      }
    },

    async presignUpload(key, { contentType, maxBytes, expiresInSeconds }) {
      const { url, fields } = await createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Fields: { 'Content-Type': contentType },
        Conditions: [['content-length-range', 1, maxBytes], ['eq', '$Content-Type', contentType]],
        Expires: expiresInSeconds,
      });
      return { url, fields };
    },

    presignDownload(key, { filename, expiresInSeconds }) {
      return getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: attachmentDisposition(filename) }),
        { expiresIn: expiresInSeconds },
      );
    },
  };
}

/**
 * Only a 404 means missing. S3 answers a missing key with 403 to a caller without s3:ListBucket on the
 * bucket, and a 403 may as well hide an existing object: it stays an error (the stacks grant the listing).
 */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || statusOf(error) === 404;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
