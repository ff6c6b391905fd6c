import { S3Client } from '@aws-sdk/client-s3';
import { createS3FileStore } from '../adapters/aws/s3-file-store';
import type { AwsCredentialIdentity } from '../adapters/aws/tenant-credentials';
import type { FileStore } from '../ports/file-store';

/**
 * Loaded by s3-files.ts with a dynamic import, so the S3 client is evaluated on the first file operation.
 * A module of its own: a dynamic import of `@aws-sdk/client-s3` itself would keep every S3 command in the
 * bundle (esbuild cannot tree-shake a namespace it hands out); these static imports keep only what is used.
 */
export const s3BucketStore = (bucket: string, credentials?: () => Promise<AwsCredentialIdentity>): FileStore =>
  createS3FileStore({ client: new S3Client(credentials ? { credentials } : {}), bucket });
