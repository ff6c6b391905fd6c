import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3FileStore } from '../../shared/adapters/aws/s3-file-store';
import { createSesClient, createSesMailer } from '../../shared/adapters/aws/ses-mailer';
import { parseSesFeedback } from '../../shared/domain/ses-feedback';
import { MailDeliveryError } from '../../shared/ports/mailer';
import { AccessDeniedError, localRegion, type Authorizer, type AwsCall, type Credentials, type CredentialIssuer, type Decision, type Principal } from './support/contracts';
import { createS3Endpoint, type S3Endpoint } from './support/aws/s3-endpoint';
import { createSesEndpoint, type SesEndpoint } from './support/aws/ses-endpoint';

// Small stand-ins for the iam/ helpers: one principal per key, a rule per test instead of real policies.
const tickRole: Principal = {
  roleArn: 'arn:aws:iam::111111111111:role/orchestra-system-deployed-jobs-TickRole',
  arn: 'arn:aws:sts::111111111111:assumed-role/orchestra-system-deployed-jobs-TickRole/tick',
  sessionTags: {},
  label: 'orchestra-system-deployed-jobs/TickFunction',
};
const tickCredentials: Credentials = { accessKeyId: 'ASIATICK0000000001', secretAccessKey: 'tick-secret', sessionToken: 'tick-session-token' };

const issuer: CredentialIssuer = {
  issue: () => tickCredentials,
  lookup: (accessKeyId) => (accessKeyId === tickCredentials.accessKeyId ? { principal: tickRole, credentials: tickCredentials } : undefined),
};

let rule: (call: AwsCall) => boolean = () => true;
const decisions: Decision[] = [];
const authorizer: Authorizer = {
  async authorize(call) {
    const decision = { call, allowed: rule(call), explanation: 'test rule' };
    decisions.push(decision);
    if (!decision.allowed) throw new AccessDeniedError(decision);
  },
  decisions,
  denials: () => decisions.filter((d) => !d.allowed),
};

type Failure = Error & { transient?: boolean; $metadata: { httpStatusCode?: number } };

/** The error a call fails with; fails the test when the call succeeds. */
async function rejectionOf(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected the call to fail');
}

const savedEnv = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: tickCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: tickCredentials.secretAccessKey,
    AWS_SESSION_TOKEN: tickCredentials.sessionToken,
  });
});
afterAll(() => {
  process.env = savedEnv;
});
afterEach(() => {
  rule = () => true;
  decisions.length = 0;
});

describe('local SES', () => {
  let ses: SesEndpoint;
  beforeAll(async () => {
    ses = await createSesEndpoint({ issuer, authorizer, configurationSets: ['orchestra-system-deployed'] });
    process.env.AWS_ENDPOINT_URL_SES = ses.url;
  });
  afterAll(() => ses.stop());

  const mailer = () => createSesMailer({ client: createSesClient(), configurationSetName: 'orchestra-system-deployed' });
  const email = {
    from: 'Orchestra System <no-reply@orchestra.test>',
    to: ['anna@example.com'],
    subject: 'Förfrågan: Vårkonsert',
    text: 'Kan du spela?',
    html: '<p>Kan du spela?</p>',
    attachments: [{ filename: 'Stämning.ics', contentType: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR') }],
    tags: { orchestra_id: 'orch-1', outbox_id: 'outbox-7' },
  };

  it('refuses a sender whose identity is not verified, as a retryable MessageRejected', async () => {
    const error = await rejectionOf(mailer().send(email));
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error.message).toMatch(/MessageRejected: Email address is not verified.*no-reply@orchestra\.test/);
    expect(error.transient).toBe(true);
  });

  it("accepts the product's SendRawEmail, authorizes identity and configuration set, and keeps the parsed message", async () => {
    ses.verifyIdentity('orchestra.test');
    const { messageId } = await mailer().send(email);
    expect(messageId).toMatch(/^0100[0-9a-f]{12}-[0-9a-f-]{36}-000000$/);
    const message = await ses.waitForMessage((m) => m.messageId === messageId, 1000);
    expect(message).toMatchObject({
      from: '"Orchestra System" <no-reply@orchestra.test>',
      fromAddress: 'no-reply@orchestra.test',
      to: ['anna@example.com'],
      destinations: ['anna@example.com'],
      subject: 'Förfrågan: Vårkonsert',
      text: 'Kan du spela?',
      html: '<p>Kan du spela?</p>',
      tags: { orchestra_id: 'orch-1', outbox_id: 'outbox-7' },
      configurationSet: 'orchestra-system-deployed',
      identity: 'orchestra.test',
      sentBy: tickRole,
    });
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'Stämning.ics', contentType: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR') })]);
    expect(decisions.map((d) => [d.call.action, d.call.resource, d.call.context['ses:FromAddress']])).toEqual([
      ['ses:SendRawEmail', 'arn:aws:ses:eu-north-1:111111111111:identity/orchestra.test', 'no-reply@orchestra.test'],
      ['ses:SendRawEmail', 'arn:aws:ses:eu-north-1:111111111111:configuration-set/orchestra-system-deployed', 'no-reply@orchestra.test'],
    ]);
  });

  it('gives the bounce and complaint events the product parses back to the orchestra and outbox row', async () => {
    ses.verifyIdentity('orchestra.test');
    const { messageId } = await mailer().send(email);
    const message = ses.messages().find((m) => m.messageId === messageId)!;
    const bounce = JSON.parse(ses.bounceNotificationFor(message, 'anna@example.com'));
    expect(bounce).toMatchObject({ eventType: 'Bounce', mail: { messageId, tags: { 'ses:configuration-set': ['orchestra-system-deployed'] } } });
    expect(parseSesFeedback(ses.bounceNotificationFor(message, 'anna@example.com'))).toMatchObject({
      kind: 'bounce',
      recipients: ['anna@example.com'],
      orchestraId: 'orch-1',
      outboxId: 'outbox-7',
    });
    expect(parseSesFeedback(ses.complaintNotificationFor(message, 'anna@example.com'))).toMatchObject({ kind: 'complaint', orchestraId: 'orch-1' });
    expect(() => ses.bounceNotificationFor(message, 'someone-else@example.com')).toThrow(/not a recipient/);
  });

  it('answers an IAM denial as AccessDenied (permanent for the product) and an unknown key as InvalidClientTokenId', async () => {
    ses.verifyIdentity('orchestra.test');
    rule = (call) => call.context['ses:FromAddress'] === 'no-reply@orchestra.test';
    const denied = await rejectionOf(mailer()
      .send({ ...email, from: 'Someone <someone@orchestra.test>' })
      );
    expect(denied.message).toMatch(/SES AccessDenied: User `arn:aws:sts::111111111111:assumed-role\/.*' is not authorized to perform `ses:SendRawEmail'/);
    expect(denied.transient).toBe(false);

    const stranger = createSesClient({ region: localRegion });
    stranger.config.credentials = async () => ({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    const unknown = await rejectionOf(stranger.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from('From: a@orchestra.test\r\nTo: b@example.com\r\n\r\nhi') } })));
    expect(unknown.name).toBe('InvalidClientTokenId');
    const wrongSecret = createSesClient({ region: localRegion });
    wrongSecret.config.credentials = async () => ({ ...tickCredentials, secretAccessKey: 'wrong' });
    const mismatch = await rejectionOf(wrongSecret.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from('From: no-reply@orchestra.test\r\nTo: b@example.com\r\n\r\nhi') } })));
    expect(mismatch.name).toBe('SignatureDoesNotMatch');
  });

  it('refuses message tags SES does not allow and a configuration set that does not exist', async () => {
    ses.verifyIdentity('orchestra.test');
    const badTag = await rejectionOf(mailer().send({ ...email, tags: { orchestra_id: 'orch 1' } }));
    expect(badTag.message).toMatch(/InvalidParameterValue: Invalid tag value <orch 1>/);
    const missingSet = await rejectionOf(createSesMailer({ client: createSesClient(), configurationSetName: 'gone' }).send(email));
    expect(missingSet.message).toMatch(/ConfigurationSetDoesNotExist/);
  });
});

describe('local S3', () => {
  const bucket = 'orchestra-system-deployed-files';
  const corsRules = [{ AllowedHeaders: ['*'], AllowedMethods: ['POST', 'GET', 'HEAD'], AllowedOrigins: ['https://orchestra.test', 'https://*.orchestra.test'], ExposedHeaders: ['ETag'], MaxAge: 3600 }];
  let s3: S3Endpoint;
  beforeAll(async () => {
    s3 = await createS3Endpoint({ issuer, authorizer, buckets: [{ name: bucket, corsRules }] });
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
  });
  afterAll(() => s3.stop());

  // As shared/runtime/s3-files.ts builds it: region and endpoint from the environment.
  const files = () => createS3FileStore({ client: new S3Client({}), bucket });
  const origin = 'https://acme.orchestra.test';

  it("serves the product's put, get, stat, exists and delete with IAM per object", async () => {
    const store = files();
    await store.put('orch-1/files/score.pdf', Buffer.from('%PDF-1.7 score'), 'application/pdf');
    expect(s3.getLocal(bucket, 'orch-1/files/score.pdf')).toMatchObject({ contentType: 'application/pdf', etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    expect((await store.get('orch-1/files/score.pdf')).toString()).toBe('%PDF-1.7 score');
    expect(await store.stat('orch-1/files/score.pdf')).toEqual({ sizeBytes: 14 });
    await store.delete('orch-1/files/score.pdf');
    expect(await store.exists('orch-1/files/score.pdf')).toBe(false);
    expect(decisions.map((d) => `${d.call.action} ${d.call.resource}`)).toEqual([
      `s3:PutObject arn:aws:s3:::${bucket}/orch-1/files/score.pdf`,
      `s3:GetObject arn:aws:s3:::${bucket}/orch-1/files/score.pdf`,
      `s3:GetObject arn:aws:s3:::${bucket}/orch-1/files/score.pdf`,
      `s3:DeleteObject arn:aws:s3:::${bucket}/orch-1/files/score.pdf`,
      `s3:GetObject arn:aws:s3:::${bucket}/orch-1/files/score.pdf`,
      `s3:ListBucket arn:aws:s3:::${bucket}`,
    ]);
    expect(decisions.at(-1)!.call.context['s3:prefix']).toBe('orch-1/files/score.pdf');
  });

  it("serves the product's confirm: a ranged read, then a copy of that version only, authorized on source and target", async () => {
    const store = files();
    await store.put('orch-1/uploads/u-1', Buffer.from('%PDF-1.7 the parts'), 'application/pdf');
    const start = await store.readStart('orch-1/uploads/u-1', 5);
    expect(start).toEqual({ firstBytes: Buffer.from('%PDF-'), sizeBytes: 18, version: s3.getLocal(bucket, 'orch-1/uploads/u-1')!.etag });
    expect(await store.readStart('orch-1/uploads/u-1', 4096)).toMatchObject({ firstBytes: Buffer.from('%PDF-1.7 the parts'), sizeBytes: 18 });
    decisions.length = 0;
    expect(await store.copyIfUnchanged('orch-1/uploads/u-1', 'orch-1/files/u-1/v1', start!.version)).toBe(true);
    expect(s3.getLocal(bucket, 'orch-1/files/u-1/v1')).toMatchObject({ body: Buffer.from('%PDF-1.7 the parts'), contentType: 'application/pdf' });
    expect(decisions.map((d) => `${d.call.action} ${d.call.resource}`)).toEqual([
      `s3:GetObject arn:aws:s3:::${bucket}/orch-1/uploads/u-1`,
      `s3:PutObject arn:aws:s3:::${bucket}/orch-1/files/u-1/v1`,
    ]);

    // Replaced after it was read (a replayed upload form): the copy does not happen.
    await store.put('orch-1/uploads/u-1', Buffer.from('%PDF-1.7 other parts'), 'application/pdf');
    expect(await store.copyIfUnchanged('orch-1/uploads/u-1', 'orch-1/files/u-1/v2', start!.version)).toBe(false);
    expect(await store.copyIfUnchanged('orch-1/uploads/gone', 'orch-1/files/gone/v', start!.version)).toBe(false);
    expect(s3.keys(bucket).filter((k) => k.startsWith('orch-1/files/u-1/'))).toEqual(['orch-1/files/u-1/v1']);

    rule = (call) => !(call.action === 's3:PutObject' && call.resource.includes('/orch-2/'));
    const denied = await rejectionOf(store.copyIfUnchanged('orch-1/uploads/u-1', 'orch-2/files/x', s3.getLocal(bucket, 'orch-1/uploads/u-1')!.etag));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const empty = new S3Client({});
    await empty.send(new PutObjectCommand({ Bucket: bucket, Key: 'orch-1/uploads/empty', Body: '' }));
    expect(await store.readStart('orch-1/uploads/empty', 4096)).toMatchObject({ firstBytes: Buffer.alloc(0), sizeBytes: 0 });
  });

  it('keeps Content-Type, Content-Disposition and metadata of a PutObject, streamed or not, and returns them with ETag and Content-Length', async () => {
    const client = new S3Client({});
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'orch-1/streamed.txt', Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]), ContentLength: 11, ContentType: 'text/plain', ContentDisposition: 'attachment; filename="a.txt"', Metadata: { owner: 'orch-1' } }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'orch-1/streamed.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello world');
    expect(got).toMatchObject({ ContentType: 'text/plain', ContentLength: 11, ContentDisposition: 'attachment; filename="a.txt"', ETag: put.ETag, Metadata: { owner: 'orch-1' } });
    expect(got.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    const corrupted = await rejectionOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'orch-1/bad.txt', Body: 'x', ChecksumCRC32: 'AAAAAA==' })));
    expect(corrupted.name).toBe('BadDigest');
  });

  it('tells a missing key as NoSuchKey only to a caller allowed s3:ListBucket, as S3 does; AccessDenied otherwise', async () => {
    const client = new S3Client({});
    const missing = await rejectionOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'nothing' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
    rule = (call) => call.action !== 's3:ListBucket';
    const hidden = await rejectionOf(files().exists('nothing'));
    // The product's isNotFound() expects 404 here: in AWS, without s3:ListBucket, exists() and stat() throw.
    expect(hidden.$metadata.httpStatusCode).toBe(403);
  });

  it('answers a denied call as AccessDenied and an unknown key as InvalidAccessKeyId', async () => {
    rule = (call) => call.resource.includes('/orch-1/');
    const denied = await rejectionOf(files().put('orch-2/files/x.pdf', Buffer.from('x'), 'application/pdf'));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const stranger = new S3Client({ credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
    const unknown = await rejectionOf(stranger.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a' })));
    expect(unknown.name).toBe('InvalidAccessKeyId');
    const wrongSecret = new S3Client({ credentials: { ...tickCredentials, secretAccessKey: 'wrong' } });
    const mismatch = await rejectionOf(wrongSecret.send(new PutObjectCommand({ Bucket: bucket, Key: 'orch-1/a', Body: 'a' })));
    expect(mismatch.name).toBe('SignatureDoesNotMatch');
  });

  const postForm = (fields: Record<string, string>, content: Buffer | string, type = 'application/pdf') => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }), 'upload.pdf');
    return form;
  };

  it("accepts the product's presigned POST from the site's origin within its limits, and refuses the rest as S3 does", async () => {
    const upload = await files().presignUpload('orch-1/files/part.pdf', { contentType: 'application/pdf', maxBytes: 10, expiresInSeconds: 60 });
    expect(upload.url).toBe(`${s3.url}/${bucket}`);

    const ok = await fetch(upload.url, { method: 'POST', body: postForm(upload.fields, '%PDF-1.7'), headers: { origin } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    expect(ok.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(s3.getLocal(bucket, 'orch-1/files/part.pdf')).toMatchObject({ contentType: 'application/pdf', body: Buffer.from('%PDF-1.7') });
    expect(decisions.at(-1)!.call).toMatchObject({ action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/orch-1/files/part.pdf`, principal: tickRole, context: { 's3:authType': 'POST' } });

    const tooLarge = await fetch(upload.url, { method: 'POST', body: postForm(upload.fields, '%PDF-1.7 and more') });
    expect([tooLarge.status, await tooLarge.text()]).toEqual([400, expect.stringContaining('<Code>EntityTooLarge</Code>')]);

    const wrongType = await fetch(upload.url, { method: 'POST', body: postForm({ ...upload.fields, 'Content-Type': 'text/html' }, 'x') });
    expect([wrongType.status, await wrongType.text()]).toEqual([403, expect.stringContaining('Policy Condition failed')]);

    const extraField = await fetch(upload.url, { method: 'POST', body: postForm({ ...upload.fields, 'x-amz-meta-evil': '1' }, 'x') });
    expect(await extraField.text()).toContain('Extra input fields: x-amz-meta-evil');

    const policy = JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString());
    policy.conditions = policy.conditions.map((c: unknown) => (Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 1, 1e9] : c));
    const tampered = await fetch(upload.url, { method: 'POST', body: postForm({ ...upload.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') }, '%PDF-1.7 and more') });
    expect([tampered.status, await tampered.text()]).toEqual([403, expect.stringContaining('<Code>SignatureDoesNotMatch</Code>')]);

    // Signed an hour ago for 60 s: expired.
    const late = await createS3FileStore({ client: new S3Client({ systemClockOffset: -3600_000 }), bucket }).presignUpload('orch-1/files/late.pdf', { contentType: 'application/pdf', maxBytes: 10, expiresInSeconds: 60 });
    const expired = await fetch(late.url, { method: 'POST', body: postForm(late.fields, '%PDF') });
    expect([expired.status, await expired.text()]).toEqual([403, expect.stringContaining('Policy expired')]);

    rule = (call) => call.action !== 's3:PutObject';
    const deniedUpload = await fetch(upload.url, { method: 'POST', body: postForm(upload.fields, '%PDF') });
    expect([deniedUpload.status, await deniedUpload.text()]).toEqual([403, expect.stringContaining('<Code>AccessDenied</Code>')]);
  });

  it("answers CORS preflights per the bucket's rules", async () => {
    const allowed = await fetch(`${s3.url}/${bucket}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST, GET, HEAD');
    expect(allowed.headers.get('access-control-max-age')).toBe('3600');
    const elsewhere = await fetch(`${s3.url}/${bucket}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(elsewhere.status).toBe(403);
    const put = await fetch(`${s3.url}/${bucket}/k`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
    expect(put.status).toBe(403);
  });

  it("serves the product's presigned GET with its Content-Disposition, and refuses it expired or tampered", async () => {
    s3.putLocal(bucket, 'orch-1/files/Stämning.pdf', '%PDF stämning', 'application/pdf');
    const url = await files().presignDownload('orch-1/files/Stämning.pdf', { filename: 'Stämning.pdf', expiresInSeconds: 60 });
    const ok = await fetch(url, { headers: { origin } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('%PDF stämning');
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename="St_mning.pdf"; filename*=UTF-8''St%C3%A4mning.pdf`);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    expect(decisions.at(-1)!.call).toMatchObject({ action: 's3:GetObject', principal: tickRole, context: { 's3:authType': 'REST-QUERY-STRING' } });

    const tampered = await fetch(url.replace('St%C3%A4mning.pdf', 'other.pdf'));
    expect([tampered.status, await tampered.text()]).toEqual([403, expect.stringContaining('<Code>SignatureDoesNotMatch</Code>')]);

    const lateUrl = await getSignedUrl(new S3Client({}), new GetObjectCommand({ Bucket: bucket, Key: 'orch-1/files/Stämning.pdf' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    const expired = await fetch(lateUrl);
    expect([expired.status, await expired.text()]).toEqual([403, expect.stringContaining('Request has expired')]);

    rule = () => false;
    const denied = await fetch(url);
    expect(denied.status).toBe(403);
  });
});
