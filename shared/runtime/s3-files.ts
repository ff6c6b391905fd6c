import { S3Client } from '@aws-sdk/client-s3';
import { createS3FileStore } from '../adapters/aws/s3-file-store';
import type { FileStore } from '../ports/file-store';

/** The files bucket as a FileStore; imported only by the runtimes of functions that handle files. */
export const s3Files = (bucket: string): FileStore => createS3FileStore({ client: new S3Client({}), bucket });
