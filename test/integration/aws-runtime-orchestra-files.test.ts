import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uploadStorageKey } from '../../shared/app/files/file-keys';
import { backupKey } from '../../shared/domain/backup-key';
import { buildAwsRuntime, outboxOnlyMailer } from '../../shared/runtime/aws-runtime';
import { s3Files } from '../../shared/runtime/s3-files';
import { ForeignFileKeyError } from '../../shared/tenancy/orchestra-files';

const sts = mockClient(STSClient);
// On the class: the S3 clients the runtime makes per orchestra, on their first file operation, are mocked too.
const s3 = mockClient(S3Client);
const env = {
  AWS_REGION: 'eu-north-1',
  DB_CLUSTER_ARN: 'arn:aws:rds:eu-north-1:111122223333:cluster:orchestra',
  CONTROL_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:control',
  SESSION_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:session-key',
  ORIGIN_VERIFY_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:origin-verify',
  ORCHESTRA_SECRET_PREFIX: 'orchestra-system/test/orchestras/',
  TENANT_ROLE_ARN: 'arn:aws:iam::111122223333:role/tenant',
  FILES_BUCKET: 'orchestra-files-test',
  LOG_LEVEL: 'SILENT',
};
const orchestraA = '0b6c1a52-6a39-4f0e-9d59-5c4a7e0c1a01';
const orchestraB = '7f3e2d10-4b8a-4c6e-8f21-9a0b1c2d3e4f';

/** STS answers each AssumeRole with keys named after the session's orchestra tag, valid for `minutes`. */
function tenantSessions(minutes: number) {
  let issued = 0;
  sts.on(AssumeRoleCommand).callsFake((input: { Tags: { Key: string; Value: string }[] }) => {
    issued += 1;
    const orchestra = input.Tags.find((t) => t.Key === 'orchestra-id')!.Value;
    return {
      Credentials: {
        AccessKeyId: `ASIA${orchestra.slice(0, 8).toUpperCase()}${issued}`,
        SecretAccessKey: 'tenant-secret',
        SessionToken: `session-of-${orchestra}`,
        Expiration: new Date(Date.now() + minutes * 60_000),
      },
    };
  });
}

const runtime = () => buildAwsRuntime(env, { mailer: outboxOnlyMailer, fileStore: s3Files, signsSessions: true, servesHttp: true });

// The SDK clients read their region from the environment, as in Lambda.
const savedRegion = process.env.AWS_REGION;
process.env.AWS_REGION = env.AWS_REGION;
beforeEach(() => {
  sts.reset();
  s3.reset();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  sts.restore();
  s3.restore();
  if (savedRegion === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = savedRegion;
});

describe("the AWS runtime's files of one orchestra", () => {
  it("calls S3 with the orchestra's own tenant session (tagged orchestra-id), so IAM limits it to its prefix", async () => {
    tenantSessions(60);
    s3.on(PutObjectCommand).resolves({});
    const rt = await runtime();
    await rt.orchestraFiles(orchestraA).put(backupKey(orchestraA, new Date()), Buffer.from('{}'), 'application/json');
    await rt.orchestraFiles(orchestraB).put(backupKey(orchestraB, new Date()), Buffer.from('{}'), 'application/json');

    // The mock answers before the request is signed: the credentials each client would sign with, asked of it.
    const used = [];
    for (const call of s3.commandCalls(PutObjectCommand)) used.push((await (call.thisValue as S3Client).config.credentials()).sessionToken);
    expect(used).toEqual([`session-of-${orchestraA}`, `session-of-${orchestraB}`]);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.Tags)).toEqual([
      [{ Key: 'orchestra-id', Value: orchestraA }],
      [{ Key: 'orchestra-id', Value: orchestraB }],
    ]);
  });

  it("signs presigned links with the orchestra's session, renewed early enough that a link outlives its expiry", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-08T10:00:00Z'));
    tenantSessions(60);
    const files = (await runtime()).orchestraFiles(orchestraA);
    const key = uploadStorageKey(orchestraA, '5d1c2b3a-0000-4000-8000-000000000001');
    const signedBy = async () => {
      const link = new URL(await files.presignDownload(key, { filename: 'noter.pdf', expiresInSeconds: 15 * 60 }));
      const upload = await files.presignUpload(key, { contentType: 'application/pdf', maxBytes: 1000, expiresInSeconds: 15 * 60 });
      expect(link.searchParams.get('X-Amz-Security-Token')).toBe(`session-of-${orchestraA}`);
      expect(upload.fields['X-Amz-Credential']).toBe(link.searchParams.get('X-Amz-Credential'));
      return link.searchParams.get('X-Amz-Credential')!.split('/')[0];
    };
    expect(await signedBy()).toBe('ASIA0B6C1A521');
    // 21 minutes left of the session: a 15-minute link still ends well within it.
    vi.setSystemTime(new Date('2026-12-08T10:39:00Z'));
    expect(await signedBy()).toBe('ASIA0B6C1A521');
    // 19 minutes left: a new session signs, not the one about to lapse.
    vi.setSystemTime(new Date('2026-12-08T10:41:00Z'));
    expect(await signedBy()).toBe('ASIA0B6C1A522');
  });

  it("refuses another orchestra's key before STS or S3 is asked", async () => {
    tenantSessions(60);
    const files = (await runtime()).orchestraFiles(orchestraA);
    await expect(files.get(backupKey(orchestraB, new Date()))).rejects.toBeInstanceOf(ForeignFileKeyError);
    await expect(files.presignDownload(`orchestras/${orchestraA}`, { filename: 'x', expiresInSeconds: 60 })).rejects.toBeInstanceOf(ForeignFileKeyError);
    expect(sts.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});
