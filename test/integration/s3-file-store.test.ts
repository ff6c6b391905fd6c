import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3FileStore } from '../../shared/adapters/aws/s3-file-store';

const client = new S3Client({ region: 'eu-north-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' } });
const s3 = mockClient(client);
const bucket = 'orchestra-files-test';
const store = createS3FileStore({ client, bucket });
const key = 'orchestras/o-1/projects/p-1/3f1d2c1e-0000-4000-8000-000000000001';

beforeEach(() => s3.reset());

/** The S3 FileStore against a mocked S3 client: the commands it sends and what the presigned forms and links hold. */
describe('S3 file store', () => {
  it('puts, gets and deletes objects in the bucket', async () => {
    s3.on(PutObjectCommand).resolves({});
    // The SDK's streaming body, reduced to the one method the store uses.
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from('noter')) } as never });
    s3.on(DeleteObjectCommand).resolves({});

    await store.put(key, Buffer.from('noter'), 'text/plain');
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: bucket, Key: key, ContentType: 'text/plain' });
    expect((await store.get(key)).toString()).toBe('noter');
    await store.delete(key);
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({ Bucket: bucket, Key: key });
  });

  it('reports size through HEAD, and null for a missing object', async () => {
    s3.on(HeadObjectCommand, { Key: key }).resolves({ ContentLength: 1234 });
    s3.on(HeadObjectCommand, { Key: 'missing' }).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    expect(await store.stat(key)).toEqual({ sizeBytes: 1234 });
    expect(await store.exists(key)).toBe(true);
    expect(await store.stat('missing')).toBeNull();
    expect(await store.exists('missing')).toBe(false);
  });

  it('passes on errors other than not found', async () => {
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', message: 'Access Denied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await expect(store.stat(key)).rejects.toThrow('Access Denied');
  });

  it('never takes a 403 for a missing key (what S3 answers a caller without s3:ListBucket): exists() and stat() fail', async () => {
    // A HEAD response has no body, so the SDK names the error after the status: Forbidden.
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'Forbidden', message: 'Forbidden', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await expect(store.exists('orchestras/o/backups/gone.json')).rejects.toThrow('Forbidden');
    await expect(store.stat('orchestras/o/projects/p/gone')).rejects.toThrow('Forbidden');
  });

  it('reads the start of an object with a ranged GET: its first bytes, whole size and ETag; null when missing', async () => {
    const start = Buffer.from('%PDF-1.7\n');
    s3.on(GetObjectCommand, { Key: key }).resolves({
      Body: { transformToByteArray: async () => new Uint8Array(start) } as never,
      ContentRange: 'bytes 0-9/204800',
      ContentLength: 10,
      ETag: '"9e107d9d372bb6826bd81d3542a419d6"',
    });
    s3.on(GetObjectCommand, { Key: 'missing' }).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    expect(await store.readStart(key, 4096)).toEqual({ firstBytes: start, sizeBytes: 204800, version: '"9e107d9d372bb6826bd81d3542a419d6"' });
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: bucket, Key: key, Range: 'bytes=0-4095' });
    expect(await store.readStart('missing', 4096)).toBeNull();
  });

  it('reads an empty object (no byte to start a range at) through HEAD', async () => {
    s3.on(GetObjectCommand).rejects(new S3ServiceException({ name: 'InvalidRange', message: 'The requested range is not satisfiable', $fault: 'client', $metadata: { httpStatusCode: 416 } }));
    s3.on(HeadObjectCommand).resolves({ ContentLength: 0, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' });
    expect(await store.readStart(key, 4096)).toEqual({ firstBytes: Buffer.alloc(0), sizeBytes: 0, version: '"d41d8cd98f00b204e9800998ecf8427e"' });
  });

  it('copies only the version that was read: CopyObject with x-amz-copy-source-if-match, false when S3 answers 412 or 404', async () => {
    const target = 'orchestras/o-1/projects/p-1/files/f-1/9e107d9d';
    s3.on(CopyObjectCommand).resolvesOnce({}).rejectsOnce(
      new S3ServiceException({ name: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold', $fault: 'client', $metadata: { httpStatusCode: 412 } }),
    ).rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    expect(await store.copyIfUnchanged(key, target, '"9e107d9d"')).toBe(true);
    expect(s3.commandCalls(CopyObjectCommand)[0].args[0].input).toEqual({ Bucket: bucket, Key: target, CopySource: `${bucket}/${key}`, CopySourceIfMatch: '"9e107d9d"' });
    expect(await store.copyIfUnchanged(key, target, '"9e107d9d"')).toBe(false);
    expect(await store.copyIfUnchanged(key, target, '"9e107d9d"')).toBe(false);
  });

  it('passes on a denied copy as an error', async () => {
    s3.on(CopyObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', message: 'Access Denied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await expect(store.copyIfUnchanged(key, 'orchestras/o-2/x', '"e"')).rejects.toThrow('Access Denied');
  });

  it('presigns a POST whose policy pins the key, the content type, the size range and a short expiry', async () => {
    const before = Date.now();
    const upload = await store.presignUpload(key, { contentType: 'application/pdf', maxBytes: 5000, expiresInSeconds: 900 });
    expect(upload.url).toMatch(/^https:\/\/orchestra-files-test\.s3\.eu-north-1\.amazonaws\.com\/?$/);
    expect(upload.fields).toMatchObject({ key, 'Content-Type': 'application/pdf', bucket, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([{ bucket }, { key }, ['content-length-range', 1, 5000], ['eq', '$Content-Type', 'application/pdf']]),
    );
    const expiresIn = new Date(policy.expiration).getTime() - before;
    expect(expiresIn).toBeGreaterThan(890 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(905 * 1000);
    // Presigning is local signing: no request goes to S3.
    expect(s3.calls()).toHaveLength(0);
  });

  it('presigns a GET that expires and names the file for the browser', async () => {
    const url = new URL(await store.presignDownload(key, { filename: 'Stämningar "Mahler".pdf', expiresInSeconds: 300 }));
    expect(url.hostname).toBe('orchestra-files-test.s3.eu-north-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe(`/${key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="St_mningar _Mahler_.pdf"; filename*=UTF-8''St%C3%A4mningar%20%22Mahler%22.pdf`,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
