import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { s3Files } from '../../shared/runtime/s3-files';

// On the class, so the client that s3Files creates on its first file operation is the mocked one.
const s3 = mockClient(S3Client);
// What Lambda gives the function: its region and role keys in the environment (presigning signs with them).
const lambdaEnvironment = { AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example' };
const saved = Object.fromEntries(Object.keys(lambdaEnvironment).map((name) => [name, process.env[name]]));
Object.assign(process.env, lambdaEnvironment);
afterAll(() => {
  s3.restore();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(() => s3.reset());

/** The runtimes' FileStore for the files bucket, whose S3 client and presigners load on the first file operation. */
describe('s3Files', () => {
  it('sends every operation to its bucket through one client, loaded on first use', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5 });
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from('noter')) } as never });
    const store = s3Files('orchestra-files-test');
    expect(s3.calls()).toHaveLength(0);

    await Promise.all([store.put('k', Buffer.from('noter'), 'text/plain'), store.stat('k')]);
    expect(await store.exists('k')).toBe(true);
    expect((await store.get('k')).toString()).toBe('noter');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'orchestra-files-test', Key: 'k', ContentType: 'text/plain' });
    expect(s3.commandCalls(HeadObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'orchestra-files-test', Key: 'k' },
      { Bucket: 'orchestra-files-test', Key: 'k' },
    ]);
    // Two operations started together still share the one client.
    expect(new Set(s3.calls().map((call) => call.thisValue)).size).toBe(1);
  });

  it('presigns with the loaded client', async () => {
    const store = s3Files('orchestra-files-test');
    const url = await store.presignDownload('orchestras/o-1/file', { filename: 'noter.pdf', expiresInSeconds: 60 });
    expect(url).toMatch(/^https:\/\/orchestra-files-test\.s3\.eu-north-1\.amazonaws\.com\/orchestras\/o-1\/file\?.*X-Amz-Expires=60/);
    const upload = await store.presignUpload('orchestras/o-1/new', { contentType: 'application/pdf', maxBytes: 1000, expiresInSeconds: 60 });
    expect(upload.fields).toMatchObject({ key: 'orchestras/o-1/new', 'Content-Type': 'application/pdf' });
  });
});
