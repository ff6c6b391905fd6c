import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTenantCredentialProvider } from '../../shared/adapters/aws/tenant-credentials';
import { localRegion } from './support/contracts';
import { tokenLink } from './support/app/operator';
import { startDeployedApp, type DeployedApp } from './support/deployed-app';
import { deployedStage } from './support/synth-deployed-app';

/**
 * The operator's path through the synthesized app, as `cdk deploy` ships it (issue #13): every step runs the
 * bundled assets with their template environment, every AWS call is judged against the caller's own policy.
 */
describe('the operator path as deployed', () => {
  let app: DeployedApp;
  const apex = deployedStage.domainName;
  const operator = deployedStage.superadminEmail;
  const operatorPassword = 'Operator-password-2027';

  beforeAll(async () => {
    app = await startDeployedApp({ outdir: inject('cloudAssembly') });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const tokenIn = tokenLink;

  it('first deploy: the control database is migrated and the first superadmin is invited within a minute', async () => {
    const [control] = await app.runCustomResources('Create');
    expect(control!.Status, `${control!.Reason}\n${control!.invocation.logs}`).toBe('SUCCESS');
    expect(control!.Data).toMatchObject({ superadminInvited: expect.anything() });

    // The invitation is queued in the outbox; the next tick sends it.
    const [run] = await app.tick();
    expect(run!.result.ok ? '' : run!.result.logs).toBe('');
    const invitation = await app.ses.waitForMessage((m) => m.destinations.includes(operator), 5_000);
    expect(invitation.fromAddress).toBe('no-reply@orchestra.test');
    expect(tokenIn(invitation.text, 'set-password').url.startsWith(`https://${apex}/`)).toBe(true);
  });

  it('the operator sets a password from the link and logs in on the apex', async () => {
    const invitation = app.ses.messages().find((m) => m.destinations.includes(operator))!;
    const { token } = tokenIn(invitation.text, 'set-password');
    const page = await app.request(apex, '/set-password');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);

    const set = await app.request(apex, '/api/auth/password-reset/confirm', { method: 'POST', json: { token, password: operatorPassword } });
    expect(set.status, set.text).toBeLessThan(300);
    const login = await app.request(apex, '/api/auth/login', { method: 'POST', json: { email: operator, password: operatorPassword } });
    expect(login.status, login.text).toBe(200);
    const me = await app.request(apex, '/api/auth/me');
    expect(me.status, me.text).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: operator }, orchestra: null });
  });

  const orchestra = { subdomain: 'filharmonin', host: `filharmonin.${deployedStage.domainName}`, admin: 'office@filharmonin.example.org' };
  const adminPassword = 'Office-password-2027';
  let orchestraId = '';

  /** The superadmin API on the apex, with the operator's session. */
  const superadmin = (method: string, path: string, json?: unknown) =>
    app.request(apex, `/api/superadmin${path}`, { method, ...(json === undefined ? {} : { json }) });
  /** The orchestra's own API on its host, with its admin's session. */
  const office = (method: string, path: string, json?: unknown) =>
    app.request(orchestra.host, `/api${path}`, { method, ...(json === undefined ? {} : { json }) });

  it('creates an orchestra: the provisioning state machine runs every step, and its admin is invited', async () => {
    const created = await superadmin('POST', '/orchestras', { name: 'Filharmonin', subdomain: orchestra.subdomain, contactEmail: orchestra.admin, plan: 'medium' });
    expect(created.status, created.text).toBe(202);
    const body = created.json<{ orchestra: { id: string }; execution: { executionId: string } }>();
    orchestraId = body.orchestra.id;
    const outcome = await app.sfn.waitForExecution(body.execution.executionId, 240_000);
    expect(outcome.status, JSON.stringify(outcome)).toBe('SUCCEEDED');

    const detail = await superadmin('GET', `/orchestras/${orchestraId}`);
    expect(detail.status, detail.text).toBe(200);
    const shown = detail.json<{ status: string; provisioning: { steps: { step: string; status: string }[] } }>();
    expect(shown.status).toBe('active');
    expect(shown.provisioning.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'Validate:succeeded',
      'CreateDatabase:succeeded',
      'Migrate:succeeded',
      'Seed:succeeded',
      'MigrateToLatest:succeeded',
      'Activate:succeeded',
      'InviteAdmin:succeeded',
    ]);
    // Its database and login exist on the cluster.
    const { rows } = await app.cluster.query('postgres', `SELECT datname FROM pg_database WHERE datname LIKE '%filharmonin%'`);
    expect(rows).toHaveLength(1);

    await app.tick();
    await app.ses.waitForMessage((m) => m.destinations.includes(orchestra.admin), 5_000);
  });

  it("the orchestra's admin sets a password from the invitation and logs in on the orchestra's host", async () => {
    const invitation = app.ses.messages().find((m) => m.destinations.includes(orchestra.admin))!;
    const { url, token } = tokenIn(invitation.text, 'set-password');
    expect(url.startsWith(`https://${orchestra.host}/`)).toBe(true);
    const set = await app.request(orchestra.host, '/api/auth/password-reset/confirm', { method: 'POST', json: { token, password: adminPassword } });
    expect(set.status, set.text).toBeLessThan(300);
    const login = await app.request(orchestra.host, '/api/auth/login', { method: 'POST', json: { email: orchestra.admin, password: adminPassword } });
    expect(login.status, login.text).toBe(200);
    const me = await office('GET', '/auth/me');
    expect(me.json()).toMatchObject({ user: { email: orchestra.admin }, orchestra: { subdomain: orchestra.subdomain } });
  });

  let projectId = '';
  let musicians: { id: string; email: string }[] = [];
  const parts = Buffer.from('%PDF-1.4\n% the violin parts\n');

  it('the admin adds musicians to a list, makes a project with a need, previews it and sends', async () => {
    const positions = await office('GET', '/positions');
    expect(positions.status, positions.text).toBe(200);
    const position = positions.json<{ items: { id: string; name: string; lists: { A: string } | undefined; listIds?: Record<string, string> }[] }>().items[0]!;
    expect(position).toBeDefined();
    musicians = [];
    for (const [n, first] of ['Anna', 'Bertil'].entries()) {
      const made = await office('POST', '/musicians', { firstName: first, lastName: 'Spelman', email: `${first.toLowerCase()}@players.example.org`, qualifications: [position.id] });
      expect(made.status, made.text).toBe(201);
      musicians.push({ id: made.json<{ id: string }>().id, email: `${first.toLowerCase()}@players.example.org` });
      void n;
    }
    const lists = await office('GET', `/ranking-lists?positionId=${position.id}`);
    expect(lists.status, lists.text).toBe(200);
    const listA = lists.json<{ items: { id: string; tier?: string; name?: string }[] }>().items[0]!;
    for (const m of musicians) {
      const added = await office('POST', `/ranking-lists/${listA.id}/entries`, { musicianId: m.id });
      expect(added.status, added.text).toBeLessThan(300);
    }
    const project = await office('POST', '/projects', { name: 'Vårkonsert', startDate: '2027-04-12' });
    expect(project.status, project.text).toBe(201);
    projectId = project.json<{ id: string }>().id;
    const need = await office('POST', `/projects/${projectId}/needs`, { positionId: position.id, listId: listA.id, quantity: 1, strategy: 'sequential' });
    expect(need.status, need.text).toBe(201);

    // The parts go out with the request: uploaded as the web app does, straight to S3 with the presigned form
    // (signed with the orchestra's tenant session), then confirmed and downloaded through a presigned link.
    const created = await office('POST', `/projects/${projectId}/files`, { filename: 'Stämmor.pdf', contentType: 'application/pdf', sizeBytes: parts.length, sendOn: 'request' });
    expect(created.status, created.text).toBe(201);
    const { file, upload } = created.json<{ file: { id: string }; upload: { url: string; fields: Record<string, string> } }>();
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([parts], { type: 'application/pdf' }), 'Stämmor.pdf');
    const posted = await fetch(upload.url, { method: 'POST', body: form, headers: { origin: `https://${orchestra.host}` } });
    expect(posted.status, await posted.clone().text()).toBe(204);
    const confirmed = await office('POST', `/projects/${projectId}/files/${file.id}/confirm`);
    expect(confirmed.status, confirmed.text).toBe(200);
    const link = await office('GET', `/projects/${projectId}/files/${file.id}/download`);
    expect(link.status, link.text).toBe(200);
    const downloaded = await fetch(link.json<{ url: string }>().url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(parts);

    const preview = await office('GET', `/projects/${projectId}/preview`);
    expect(preview.status, preview.text).toBe(200);
    const plan = preview.json<{ fingerprint: string; needs: { asks: { musicianId: string }[] }[] }>();
    expect(plan.needs[0]!.asks.map((a) => a.musicianId)).toEqual([musicians[0]!.id]);
    const sent = await office('POST', `/projects/${projectId}/send`, { fingerprint: plan.fingerprint });
    expect(sent.status, sent.text).toBe(200);
  });

  it('the tick delivers the request, and the musician answers yes through the link on the phone', async () => {
    const [run] = await app.tick();
    expect(run!.result.ok ? '' : run!.result.logs).toBe('');
    const request = await app.ses.waitForMessage((m) => m.destinations.includes(musicians[0]!.email), 5_000);
    const token = new RegExp(`https://${orchestra.host.replace(/\./g, '\\.')}/respond/([A-Za-z0-9_-]{43})`).exec(request.text)?.[1];
    expect(token, request.text).toBeDefined();
    // From the orchestra's sender name (its name, as provisioned) on the deployment's verified address, the one
    // SES sends from and IAM's ses:FromAddress allows.
    expect(request.fromAddress).toBe('no-reply@orchestra.test');
    expect(request.from).toMatch(/^"?Filharmonin"? <no-reply@orchestra\.test>$/);

    const page = await app.request(orchestra.host, `/respond/${token}`, { cookies: false });
    expect(page.status).toBe(200);
    const shown = await app.request(orchestra.host, `/api/respond/${token}`, { cookies: false });
    expect(shown.status, shown.text).toBe(200);
    // The request email carried the parts (the tick read them with the orchestra's session); the page links them.
    expect(request.attachments.find((a) => a.filename === 'Stämmor.pdf')?.content).toEqual(parts);
    const linked = shown.json<{ files: { filename: string; url: string }[] }>().files;
    expect(linked.map((f) => f.filename)).toEqual(['Stämmor.pdf']);
    expect(Buffer.from(await (await fetch(linked[0]!.url)).arrayBuffer())).toEqual(parts);
    const answered = await app.request(orchestra.host, `/api/respond/${token}`, { method: 'POST', json: { answer: 'yes' }, cookies: false });
    expect(answered.status, answered.text).toBe(200);
  });

  it('the next tick sends the confirmation with the concert in an .ics calendar file', async () => {
    await app.tick();
    const confirmation = await app.ses.waitForMessage(
      (m) => m.destinations.includes(musicians[0]!.email) && m.attachments.some((a) => a.filename.endsWith('.ics')),
      5_000,
    );
    const ics = confirmation.attachments.find((a) => a.filename.endsWith('.ics'))!;
    expect(ics.contentType).toMatch(/text\/calendar/);
    expect(ics.content.toString('utf8')).toContain('BEGIN:VEVENT');
  });

  it('a bounce SES publishes through SNS marks the address on the musician', async () => {
    const request = app.ses.messages().find((m) => m.destinations.includes(musicians[0]!.email))!;
    const deliveries = await app.publishFeedback(app.ses.bounceNotificationFor(request, musicians[0]!.email));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.result.ok ? '' : deliveries[0]!.result.logs).toBe('');
    const musician = await office('GET', `/musicians/${musicians[0]!.id}`);
    expect(musician.status, musician.text).toBe(200);
    expect(musician.json()).toMatchObject({ emailStatus: 'failing', emailStatusChangedAt: expect.any(String) });
  });

  it('migrate-all runs over every orchestra', async () => {
    const started = await superadmin('POST', '/migrations/run');
    expect(started.status, started.text).toBe(202);
    const executions = app.sfn.executions().filter((e) => e.stateMachineArn.endsWith(':migrate-all') || e.stateMachineArn.includes('migrate-all'));
    const outcome = await app.sfn.waitForExecution(executions.at(-1)!.executionArn, 240_000);
    expect(outcome.status, JSON.stringify(outcome)).toBe('SUCCEEDED');
    const migrations = await superadmin('GET', '/migrations');
    expect(migrations.status, migrations.text).toBe(200);
  });

  it('a backup of the orchestra restores into a new orchestra with its musicians', async () => {
    const backup = await superadmin('POST', `/orchestras/${orchestraId}/backup`);
    expect(backup.status, backup.text).toBeLessThan(300);
    const key = backup.json<{ key: string }>().key;
    const restored = await superadmin('POST', '/orchestras', {
      name: 'Filharmonin (återställd)',
      subdomain: 'filharmonin-restored',
      contactEmail: 'office@restored.example.org',
      plan: 'medium',
      restoreFrom: key,
    });
    expect(restored.status, restored.text).toBe(202);
    const outcome = await app.sfn.waitForExecution(restored.json<{ execution: { executionId: string } }>().execution.executionId, 240_000);
    expect(outcome.status, JSON.stringify(outcome)).toBe('SUCCEEDED');
    restoredId = restored.json<{ orchestra: { id: string } }>().orchestra.id;
    const detail = await superadmin('GET', `/orchestras/${restoredId}`);
    expect(detail.json()).toMatchObject({ status: 'active', figures: { musicians: 2 } });
  });

  let restoredId = '';
  let foreignKey = '';

  it("lets a tenant session reach its own orchestra's files and denies another's, by the synthesized policies", async () => {
    // As the files function does it: its role's session assumes the tenant role tagged with one orchestra.
    const filesFunction = app.functionNamed('FilesFunction');
    const region = localRegion;
    const sts = new STSClient({ region, endpoint: app.endpoints.STS, credentials: app.credentialsOf('FilesFunction'), maxAttempts: 1 });
    const tenant = createTenantCredentialProvider({ sts, roleArn: filesFunction.environment.TENANT_ROLE_ARN! });
    const asRestored = new S3Client({ region, endpoint: app.endpoints.S3, credentials: await tenant(restoredId), maxAttempts: 1 });
    const bucket = filesFunction.environment.FILES_BUCKET!;

    const own = `orchestras/${restoredId}/projects/${randomUUID()}/notes.txt`;
    await asRestored.send(new PutObjectCommand({ Bucket: bucket, Key: own, Body: 'own notes' }));
    expect(await (await asRestored.send(new GetObjectCommand({ Bucket: bucket, Key: own }))).Body!.transformToString()).toBe('own notes');
    // The first orchestra's backup, read with the restored orchestra's session: IAM says no.
    foreignKey = app.s3.keys(bucket).find((key) => key.startsWith(`orchestras/${orchestraId}/backups/`))!;
    expect(foreignKey).toBeDefined();
    await expect(asRestored.send(new GetObjectCommand({ Bucket: bucket, Key: foreignKey }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(app.denials().map((d) => ({ action: d.call.action, resource: d.call.resource, orchestra: d.call.principal.sessionTags['orchestra-id'] }))).toEqual([
      { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${foreignKey}`, orchestra: restoredId },
    ]);
  });

  it('makes no AWS call its caller may not make (but the one denied on purpose above)', () => {
    const unexpected = app.denials().filter((d) => !(d.call.action === 's3:GetObject' && d.call.resource.endsWith(`/${foreignKey}`)));
    expect(unexpected.map((d) => d.explanation)).toEqual([]);
  });
});
