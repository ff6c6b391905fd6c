import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
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
