import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorkflows } from '../../infra/local/local-workflows';
import { ensureAccount } from '../../shared/app/accounts/create-account';
import { latestVersion } from '../../shared/db/migrate';
import { dropOrchestraDatabase, orchestraDatabaseName, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * The superadmin API through the local HTTP server and the middy chain, on real PostgreSQL: orchestras
 * (create through the real provisioning workflow, list with live figures, edit, suspend/resume/archive),
 * their admins, and migrate-all — once per database adapter.
 */
describe.each(['pg', 'data-api'] as const)('superadmin API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let alpha: Awaited<ReturnType<TestProduct['addOrchestra']>>;
  let beta: Awaited<ReturnType<TestProduct['addOrchestra']>>;
  let cookie: string;
  const created: string[] = [];

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    alpha = await product.addOrchestra('alpha');
    beta = await product.addOrchestra('beta');
    await product.addSuperadmin('root@example.org', 'super-secret-password');
    const res = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'root@example.org', password: 'super-secret-password' } });
    cookie = (res.headers['set-cookie'] as string[])[0].split(';')[0];
  });
  afterAll(async () => {
    if (!product) return;
    for (const subdomain of created) {
      await dropOrchestraDatabase(product.runtime.admin, orchestraDatabaseName(subdomain), orchestraLoginName(subdomain)).catch(() => undefined);
    }
    await product.close();
  });

  const api = (method: string, path: string, body?: unknown) => product.call(method, `/api/superadmin${path}`, { host: product.apexHost, cookie, body });
  const workflows = () => product.runtime.workflows as LocalWorkflows;
  const auditActions = async (entityId: string) => {
    const { rows } = await product.runtime.control.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = :entityId ORDER BY id`, { entityId });
    return rows.map((r) => r.action);
  };

  it('is reachable by a superadmin on the apex only', async () => {
    expect((await product.call('GET', '/api/superadmin/orchestras', { host: product.apexHost })).status).toBe(401);
    const adminCookie = await product.loginAs(alpha);
    const asAdmin = await product.call('GET', '/api/superadmin/orchestras', { host: alpha.host, cookie: adminCookie });
    expect(asAdmin.status).toBe(403);
    const adminOnApex = await product.call('GET', '/api/superadmin/orchestras', { host: product.apexHost, cookie: adminCookie });
    expect(adminOnApex.status).toBe(403);
    const superOnOrchestraHost = await product.call('GET', '/api/superadmin/orchestras', { host: alpha.host, cookie });
    expect(superOnOrchestraHost.status).toBe(403);
    expect((await api('GET', '/orchestras')).status).toBe(200);
  });

  it('refuses an invalid, reserved or taken subdomain before anything is made', async () => {
    const before = await product.count('orchestras');
    const body = { name: 'Ny orkester', contactEmail: 'office@new.example.org', plan: 'small' };
    const invalid = await api('POST', '/orchestras', { ...body, subdomain: 'Not OK!' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.fields).toEqual([expect.objectContaining({ field: 'subdomain' })]);
    const reserved = await api('POST', '/orchestras', { ...body, subdomain: 'admin' });
    expect(reserved.status).toBe(400);
    expect(reserved.json.error.fields[0].message).toMatch(/reserved/);
    const taken = await api('POST', '/orchestras', { ...body, subdomain: alpha.record.subdomain });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toContain('Orchestra alpha');
    const noPlan = await api('POST', '/orchestras', { ...body, subdomain: product.subdomain('x'), plan: 'huge' });
    expect(noPlan.status).toBe(400);
    expect(noPlan.json.error.fields[0].field).toBe('plan');
    expect(await product.count('orchestras')).toBe(before);
  });

  it('creates an orchestra: 202 at once, then the workflow provisions it and the progress shows each step', async () => {
    const subdomain = product.subdomain('gamma');
    created.push(subdomain);
    const res = await api('POST', '/orchestras', { name: 'Gamma Sinfonietta', subdomain, contactEmail: 'Office@Gamma.example.org', plan: 'medium' });
    expect(res.status).toBe(202);
    expect(res.json.orchestra).toMatchObject({ subdomain, status: 'provisioning', plan: 'medium', contactEmail: 'office@gamma.example.org' });
    expect(res.json.execution.executionId).toEqual(expect.any(String));
    const id = res.json.orchestra.id as string;
    await workflows().settled(res.json.execution.executionId);

    const detail = await api('GET', `/orchestras/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ status: 'active', admins: 1, health: { status: 'ok' }, figures: { musicians: 0, schemaVersion: await latestVersion('orchestra') } });
    expect(detail.json.provisioning.status).toBe('SUCCEEDED');
    expect(detail.json.provisioning.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
      'Validate:succeeded',
      'CreateDatabase:succeeded',
      'Migrate:succeeded',
      'Seed:succeeded',
      'MigrateToLatest:succeeded',
      'Activate:succeeded',
      'InviteAdmin:succeeded',
    ]);
    const { rows } = await product.runtime.control.query<{ kind: string }>(`SELECT kind FROM outbox WHERE to_address = 'office@gamma.example.org'`);
    expect(rows.map((r) => r.kind)).toEqual(['admin_invite']);
    expect(await auditActions(id)).toEqual(['orchestra.create']);
    expect((await api('GET', '/orchestras/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('GET', '/orchestras/nope')).status).toBe(400);
  });

  it('lists orchestras with live figures and totals; a broken database shows unreachable without failing the list', async () => {
    const db = await product.orchestraDb(alpha);
    await db.query(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Anna', 'Berg', 'anna@example.org'), ('Bo', 'Ek', 'bo@example.org')`);
    await db.query(`INSERT INTO projects (name, start_date, iso_week) VALUES ('Vårkonsert', '2027-03-01', extract(week FROM '2027-03-01'::date))`);
    const broken = await product.addOrchestra('broken');
    await dropOrchestraDatabase(product.runtime.admin, broken.record.databaseName, orchestraLoginName(broken.record.subdomain));

    const res = await api('GET', '/orchestras?limit=100');
    expect(res.status).toBe(200);
    const bySubdomain = new Map(res.json.items.map((o: { subdomain: string }) => [o.subdomain, o]));
    expect(bySubdomain.get(alpha.record.subdomain)).toMatchObject({
      status: 'active',
      figures: { musicians: 2, activeProjects: 1, pendingRequests: 0 },
      health: { status: 'ok', latencyMs: expect.any(Number) },
    });
    expect(bySubdomain.get(broken.record.subdomain)).toMatchObject({ figures: null, health: { status: 'unreachable', error: expect.any(String) } });
    expect(res.json.totals).toMatchObject({ musicians: 2, activeProjects: 1, unreachable: 1 });
    expect(res.json.total).toBe(res.json.items.length);

    const searched = await api('GET', `/orchestras?search=${encodeURIComponent('orchestra BET')}`);
    expect(searched.json.items.map((o: { subdomain: string }) => o.subdomain)).toEqual([beta.record.subdomain]);
    // % and _ are searched as themselves, not as LIKE wildcards.
    await product.runtime.control.query(`UPDATE orchestras SET name = 'Brass 100%_band' WHERE id = :id::uuid`, { id: broken.record.id });
    const search = async (text: string) =>
      (await api('GET', `/orchestras?limit=100&search=${encodeURIComponent(text)}`)).json.items.map((o: { subdomain: string }) => o.subdomain);
    expect(await search('%')).toEqual([broken.record.subdomain]);
    expect(await search('_')).toEqual([broken.record.subdomain]);
    expect(await search('0%_b')).toEqual([broken.record.subdomain]);
    expect(await search('a_p')).toEqual([]);
    expect(await search('0%b')).toEqual([]);
    const paged = await api('GET', '/orchestras?limit=1&offset=1');
    expect(paged.json.items).toHaveLength(1);
    expect(paged.json.total).toBe(res.json.total);
    expect((await api('GET', '/orchestras?limit=0')).status).toBe(400);
    // Archived so the later migrate-all run does not meet the dropped database.
    expect((await api('POST', `/orchestras/${broken.record.id}/archive`)).status).toBe(200);
  });

  it('edits name, contact and plan with an audit entry; refuses an empty change', async () => {
    const res = await api('PATCH', `/orchestras/${beta.record.id}`, { name: 'Beta Filharmoni', plan: 'institution' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Beta Filharmoni', plan: 'institution', contactEmail: 'office@beta.example.org' });
    expect((await api('PATCH', `/orchestras/${beta.record.id}`, {})).status).toBe(400);
    expect((await api('PATCH', `/orchestras/${beta.record.id}`, { contactEmail: 'nope' })).json.error.fields[0].field).toBe('contactEmail');
    expect((await api('PATCH', '/orchestras/00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
    // Back to small refused while the orchestra has more admins than small allows.
    for (const n of [2, 3]) await ensureAccount(product.runtime.control, { email: `admin${n}@beta.example.org`, name: '', role: 'admin', orchestraId: beta.record.id });
    const downgrade = await api('PATCH', `/orchestras/${beta.record.id}`, { plan: 'small' });
    expect(downgrade.status).toBe(409);
    expect(downgrade.json.error.message).toBe('Beta Filharmoni does not fit the small plan. The small plan allows 2 admins; this orchestra has 3.');
    expect((await api('PATCH', `/orchestras/${beta.record.id}`, { plan: 'medium' })).json.plan).toBe('medium');
    expect(await auditActions(beta.record.id)).toEqual(['orchestra.update', 'orchestra.update']);
  });

  it('suspends (host answers 423), resumes, archives (host answers 404)', async () => {
    const delta = await product.addOrchestra('delta');
    expect((await api('POST', `/orchestras/${delta.record.id}/resume`)).status).toBe(409);
    const suspended = await api('POST', `/orchestras/${delta.record.id}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.json.status).toBe('suspended');
    // Each route group caches the registry briefly: these groups have not seen delta yet.
    const locked = await product.call('GET', '/api/ranking-lists', { host: delta.host });
    expect(locked.status).toBe(423);
    expect(locked.json.error.message).toContain('suspended');

    expect((await api('POST', `/orchestras/${delta.record.id}/resume`)).json.status).toBe('active');
    const adminCookie = await product.loginAs(delta);
    expect((await product.call('GET', '/api/projects', { host: delta.host, cookie: adminCookie })).status).toBe(200);

    expect((await api('POST', `/orchestras/${delta.record.id}/archive`)).json.status).toBe('archived');
    expect((await product.call('GET', '/api/dashboard', { host: delta.host, cookie: adminCookie })).status).toBe(404);
    expect((await api('POST', `/orchestras/${delta.record.id}/suspend`)).status).toBe(409);
    expect(await auditActions(delta.record.id)).toEqual(['orchestra.suspend', 'orchestra.resume', 'orchestra.archive']);
  });

  it("manages an orchestra's admins: invite within the plan, deactivate, reset password", async () => {
    const list = await api('GET', `/orchestras/${alpha.record.id}/admins`);
    expect(list.json.items).toEqual([expect.objectContaining({ email: alpha.adminEmail, active: true, passwordSet: true })]);

    const invited = await api('POST', `/orchestras/${alpha.record.id}/admins`, { email: 'Second@Alpha.example.org', name: 'Andra' });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ email: 'second@alpha.example.org', active: true, passwordSet: false });
    const again = await api('POST', `/orchestras/${alpha.record.id}/admins`, { email: 'second@alpha.example.org' });
    expect(again.status).toBe(409);
    // The small plan allows two admins.
    const third = await api('POST', `/orchestras/${alpha.record.id}/admins`, { email: 'third@alpha.example.org' });
    expect(third.status).toBe(409);
    expect(third.json.error.message).toBe('The small plan allows 2 admins; this orchestra has 2.');
    const mail = await product.deliverAndReadMail('second@alpha.example.org');
    expect(mail.text).toContain(`${alpha.record.subdomain}.`);

    const reset = await api('POST', `/orchestras/${alpha.record.id}/admins/${invited.json.id}/reset-password`);
    expect(reset.status).toBe(202);
    const { rows } = await product.runtime.control.query<{ kind: string }>(`SELECT kind FROM outbox WHERE to_address = 'second@alpha.example.org' ORDER BY created_at`);
    expect(rows.map((r) => r.kind)).toEqual(['admin_invite', 'password_reset']);

    const adminCookie = await product.loginAs(alpha);
    const firstAdmin = list.json.items[0].id as string;
    const deactivated = await api('POST', `/orchestras/${alpha.record.id}/admins/${firstAdmin}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.json.active).toBe(false);
    expect((await product.call('GET', '/api/auth/me', { host: alpha.host, cookie: adminCookie })).status).toBe(401);
    expect((await api('POST', `/orchestras/${alpha.record.id}/admins/${firstAdmin}/deactivate`)).status).toBe(409);
    expect((await api('POST', `/orchestras/${beta.record.id}/admins/${firstAdmin}/deactivate`)).status).toBe(404);
    expect(await auditActions(invited.json.id)).toEqual(['orchestra_admin.invite', 'orchestra_admin.reset_password']);
    expect(await auditActions(firstAdmin)).toEqual(['orchestra_admin.deactivate']);
  });

  it('reactivates a deactivated admin within the plan: the old password works again, links sent before do not', async () => {
    const eta = await product.addOrchestra('eta');
    const etaAdmin = (await api('GET', `/orchestras/${eta.record.id}/admins`)).json.items[0].id as string;
    const reactivate = (orchestraId: string, userId: string) => api('POST', `/orchestras/${orchestraId}/admins/${userId}/reactivate`);
    expect((await api('POST', `/orchestras/${eta.record.id}/admins/${etaAdmin}/reset-password`)).status).toBe(202);
    const oldToken = /#token=([\w-]+)/.exec((await product.deliverAndReadMail(eta.adminEmail)).text)![1];
    expect((await reactivate(eta.record.id, etaAdmin)).status).toBe(409); // still active
    expect((await api('POST', `/orchestras/${eta.record.id}/admins/${etaAdmin}/deactivate`)).status).toBe(200);
    await expect(product.loginAs(eta)).rejects.toThrow(/401/);

    // Two new admins fill the small plan: reactivating would make three, so it is refused and nothing changes.
    await api('POST', `/orchestras/${eta.record.id}/admins`, { email: 'second@eta.example.org' });
    const third = await api('POST', `/orchestras/${eta.record.id}/admins`, { email: 'third@eta.example.org' });
    const refused = await reactivate(eta.record.id, etaAdmin);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'plan_limit', message: 'The small plan allows 2 admins; this orchestra has 2.' });
    const listed = async () => (await api('GET', `/orchestras/${eta.record.id}/admins`)).json.items.find((a: { id: string }) => a.id === etaAdmin);
    expect((await listed()).active).toBe(false);
    await expect(product.loginAs(eta)).rejects.toThrow(/401/);

    // Another orchestra's admin, or no admin at all, is not found from this orchestra.
    expect((await reactivate(beta.record.id, etaAdmin)).status).toBe(404);
    expect((await reactivate(eta.record.id, '00000000-0000-4000-8000-000000000000')).status).toBe(404);

    expect((await api('POST', `/orchestras/${eta.record.id}/admins/${third.json.id}/deactivate`)).status).toBe(200);
    const reactivated = await reactivate(eta.record.id, etaAdmin);
    expect(reactivated.status).toBe(200);
    expect(reactivated.json).toMatchObject({ id: etaAdmin, email: eta.adminEmail, active: true, passwordSet: true });
    const adminCookie = await product.loginAs(eta);
    expect((await product.call('GET', '/api/auth/me', { host: eta.host, cookie: adminCookie })).status).toBe(200);
    const confirm = await product.call('POST', '/api/auth/password-reset/confirm', { host: eta.host, body: { token: oldToken, password: 'a-brand-new-password' } });
    expect(confirm.status).toBe(400);
    expect((await reactivate(eta.record.id, etaAdmin)).json.error.code).toBe('already_active');
    expect(await auditActions(etaAdmin)).toEqual(['orchestra_admin.reset_password', 'orchestra_admin.deactivate', 'orchestra_admin.reactivate']);
    const { rows } = await product.runtime.control.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE entity_id = :entityId AND action = 'orchestra_admin.reactivate'`,
      { entityId: etaAdmin },
    );
    expect(rows).toEqual([{ before: { active: false }, after: { active: true } }]);
  });

  it('backs an orchestra up to one JSON file and restores it into a new orchestra through the provisioning workflow', async () => {
    const source = await product.addOrchestra('epsilon', { seed: true });
    const sourceDb = await product.orchestraDb(source);
    await sourceDb.query(`INSERT INTO musicians (first_name, last_name, email, notes) VALUES ('Åsa', 'Öberg', 'asa@example.org', 'Citat "så" här')`);
    const backup = await api('POST', `/orchestras/${source.record.id}/backup`);
    expect(backup.status).toBe(201);
    expect(backup.json.key).toMatch(new RegExp(`^orchestras/${source.record.id}/backups/.+\\.json$`));
    const file = JSON.parse((await product.runtime.files.get(backup.json.key)).toString('utf8'));
    expect(file).toMatchObject({ format: 'orchestra-system-backup', orchestra: { id: source.record.id }, schemaVersion: await latestVersion('orchestra') });
    expect(backup.json.tables.find((t: { name: string }) => t.name === 'musicians').rows).toBe(1);
    expect(await auditActions(source.record.id)).toEqual(['orchestra.backup']);

    const badKey = await api('POST', '/orchestras', { name: 'Kopia', subdomain: product.subdomain('copy'), contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: 'secrets.json' });
    expect(badKey.status).toBe(400);
    expect(badKey.json.error.fields[0].field).toBe('restoreFrom');
    const missing = backup.json.key.replace(/backups\/.*$/, 'backups/2020-01-01T00-00-00-000Z.json');
    expect((await api('POST', '/orchestras', { name: 'Kopia', subdomain: product.subdomain('copy'), contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: missing })).status).toBe(400);

    const subdomain = product.subdomain('copy');
    created.push(subdomain);
    const restored = await api('POST', '/orchestras', { name: 'Kopia', subdomain, contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: backup.json.key });
    expect(restored.status).toBe(202);
    await workflows().settled(restored.json.execution.executionId);
    const detail = await api('GET', `/orchestras/${restored.json.orchestra.id}`);
    expect(detail.json).toMatchObject({ status: 'active', figures: { musicians: 1 } });
    const copyDb = await product.runtime.orchestraDatabase({ ...restored.json.orchestra, databaseName: orchestraDatabaseName(subdomain), secretRef: `test/orchestras/${subdomain}` });
    const dump = async (db: typeof sourceDb) =>
      (await db.query<{ t: string }>(`SELECT jsonb_agg(to_jsonb(m) ORDER BY code)::text AS t FROM (SELECT code, first_name, last_name, email, notes FROM musicians) m`)).rows[0].t;
    expect(await dump(copyDb)).toBe(await dump(sourceDb));
    const count = async (db: typeof sourceDb, table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    for (const table of ['instruments', 'positions', 'ranking_lists', 'email_templates']) expect(await count(copyDb, table)).toBe(await count(sourceDb, table));
    // Sequences continue where the source's stopped: the next musician gets the next code.
    const { rows } = await copyDb.query<{ code: string }>(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Ny', 'Person', 'ny@example.org') RETURNING code`);
    expect(rows[0].code).toBe('MUS002');
  });

  it('marks a restore from a backup of a schema version the code never had failed at Migrate, with nothing left behind', async () => {
    const source = await product.addOrchestra('zeta');
    const backup = await api('POST', `/orchestras/${source.record.id}/backup`);
    const file = JSON.parse((await product.runtime.files.get(backup.json.key)).toString('utf8'));
    await product.runtime.files.put(backup.json.key, Buffer.from(JSON.stringify({ ...file, schemaVersion: '0000' })), 'application/json');
    const subdomain = product.subdomain('broken-copy');
    created.push(subdomain);
    const res = await api('POST', '/orchestras', { name: 'Trasig kopia', subdomain, contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: backup.json.key });
    await workflows().settled(res.json.execution.executionId);
    const detail = await api('GET', `/orchestras/${res.json.orchestra.id}`);
    expect(detail.json).toMatchObject({ status: 'failed', failedStep: 'Migrate', health: { status: 'not_applicable' } });
    expect(detail.json.failureCause).toMatch(/schema version 0000 is not a known migration/);
    expect(detail.json.provisioning.steps.find((s: { step: string }) => s.step === 'Migrate')).toMatchObject({ status: 'failed' });
    const { rows } = await product.runtime.admin.query(`SELECT 1 FROM pg_database WHERE datname = :name`, { name: orchestraDatabaseName(subdomain) });
    expect(rows).toHaveLength(0);
    expect((await api('POST', `/orchestras/${res.json.orchestra.id}/backup`)).status).toBe(409);

    // Another attempt, with the standard seed this time, makes it active.
    expect((await api('POST', `/orchestras/${source.record.id}/retry-provisioning`)).status).toBe(409);
    const retry = await api('POST', `/orchestras/${res.json.orchestra.id}/retry-provisioning`, { adminEmail: 'first@copy.example.org', restoreFrom: null });
    expect(retry.status).toBe(202);
    await workflows().settled(retry.json.execution.executionId);
    expect((await api('GET', `/orchestras/${res.json.orchestra.id}`)).json).toMatchObject({
      status: 'active',
      failedStep: null,
      admins: 1,
      health: { status: 'ok' },
      provisionedWith: { adminEmail: 'first@copy.example.org', adminName: null, restoreFrom: null },
    });
    expect(await auditActions(res.json.orchestra.id)).toEqual(['orchestra.create', 'orchestra.retry_provisioning']);
  });

  it('provisions a failed restore again with the same first admin and backup when the retry names none', async () => {
    const source = await product.addOrchestra('theta', { seed: true });
    await (await product.orchestraDb(source)).query(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Kvar', 'Efter', 'kvar@example.org')`);
    const backup = await api('POST', `/orchestras/${source.record.id}/backup`);
    const original = await product.runtime.files.get(backup.json.key);
    await product.runtime.files.put(backup.json.key, Buffer.from('{"format": "orchestra-system-backup", trunc'), 'application/json');
    const subdomain = product.subdomain('retried-copy');
    created.push(subdomain);
    const res = await api('POST', '/orchestras', {
      name: 'Omgjord kopia',
      subdomain,
      contactEmail: 'office@retried.example.org',
      plan: 'small',
      adminEmail: 'First@Retried.example.org',
      adminName: 'Första Admin',
      restoreFrom: backup.json.key,
    });
    const id = res.json.orchestra.id as string;
    await workflows().settled(res.json.execution.executionId);
    const failed = (await api('GET', `/orchestras/${id}`)).json;
    expect(failed).toMatchObject({ status: 'failed', failedStep: 'Migrate', provisionedWith: { adminEmail: 'first@retried.example.org', adminName: 'Första Admin', restoreFrom: backup.json.key } });
    expect(failed.failureCause).toMatch(/not JSON/);

    // A backup gone since is refused before anything starts, and the orchestra stays failed as it was.
    await product.runtime.files.delete(backup.json.key);
    const gone = await api('POST', `/orchestras/${id}/retry-provisioning`);
    expect(gone.status).toBe(400);
    expect(gone.json.error.fields).toEqual([{ field: 'restoreFrom', message: expect.stringMatching(/is gone/) }]);
    expect((await api('GET', `/orchestras/${id}`)).json).toMatchObject({ status: 'failed', failedStep: 'Migrate' });

    // While the failed run's rollback is still dropping its database, no new run starts on top of it.
    const real = product.runtime.workflows!;
    product.runtime.workflows = { ...real, describe: async (executionId) => ({ ...(await real.describe(executionId))!, status: 'RUNNING' }) };
    const rollingBack = await api('POST', `/orchestras/${id}/retry-provisioning`, { restoreFrom: null }).finally(() => (product.runtime.workflows = real));
    expect(rollingBack.status).toBe(409);
    expect(rollingBack.json.error.message).toMatch(/still being rolled back/);

    // The backup repaired, a retry with no body restores it again and invites the admin named at creation.
    await product.runtime.files.put(backup.json.key, original, 'application/json');
    const retry = await api('POST', `/orchestras/${id}/retry-provisioning`);
    expect(retry.status).toBe(202);
    expect(retry.json.orchestra).toMatchObject({ status: 'provisioning', failedStep: null, failureCause: null });
    const twice = await api('POST', `/orchestras/${id}/retry-provisioning`);
    expect(twice.status).toBe(409);
    await workflows().settled(retry.json.execution.executionId);
    expect((await api('GET', `/orchestras/${id}`)).json).toMatchObject({ status: 'active', admins: 1, figures: { musicians: 1 } });
    const { rows: admins } = await product.runtime.control.query<{ email: string; name: string }>(`SELECT email, name FROM users WHERE orchestra_id = :id::uuid`, { id });
    expect(admins).toEqual([{ email: 'first@retried.example.org', name: 'Första Admin' }]);
    const { rows: audit } = await product.runtime.control.query<{ after: unknown }>(
      `SELECT after FROM audit_log WHERE entity_id = :id AND action = 'orchestra.retry_provisioning'`,
      { id },
    );
    expect(audit).toEqual([{ after: { adminEmail: 'first@retried.example.org', adminName: 'Första Admin', restoreFrom: backup.json.key } }]);
  });

  it("shows each orchestra's schema version and migrates them all with the migrate-all workflow", async () => {
    const latest = await latestVersion('orchestra');
    const overview = await api('GET', '/migrations');
    expect(overview.status).toBe(200);
    expect(overview.json.latestVersion).toBe(latest);
    expect(overview.json.orchestras.find((o: { id: string }) => o.id === alpha.record.id)).toMatchObject({ schemaVersion: latest, upToDate: true });

    const started = await api('POST', '/migrations/run');
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ status: 'running', targetVersion: latest });
    await workflows().settled(started.json.executionId);

    const run = await api('GET', `/migrations/runs/${started.json.id}`);
    expect(run.status).toBe(200);
    const { rows } = await product.runtime.control.query<{ id: string }>(`SELECT id::text AS id FROM orchestras WHERE status IN ('active', 'suspended')`);
    expect(run.json).toMatchObject({ status: 'succeeded', succeeded: rows.length, failed: 0 });
    expect(run.json.results.map((r: { orchestraId: string }) => r.orchestraId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(run.json.results[0]).toMatchObject({ status: 'succeeded', toVersion: latest, applied: [] });
    expect(run.json.execution.steps.map((s: { step: string }) => s.step)).toEqual(['ListOrchestras', 'MigrateOrchestra', 'RecordReport']);
    expect((await api('GET', '/migrations/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(await auditActions(started.json.id)).toEqual(['migrations.run']);
  });
});
