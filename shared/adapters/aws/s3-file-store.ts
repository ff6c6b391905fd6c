import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
