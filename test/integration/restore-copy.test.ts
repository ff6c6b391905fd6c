import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorkflows } from '../../infra/local/local-workflows';
import { runTick } from '../../shared/app/jobs/run-tick';
import { dropOrchestraDatabase, orchestraDatabaseName, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { publicBaseUrl } from '../../shared/config/app-config';
import { findOrchestraById } from '../../shared/tenancy/orchestra-registry';
import { createScenario, linkTokens, sendScenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

const hour = 3_600_000;

/**
 * SPEC §7.6 through the superadmin API and the real provisioning workflow: a backup restored as a new
 * orchestra is a copy that starts with every project paused and nothing pending, so it never asks, reminds
 * or times out in the original's name; the superadmin is told so and picks a plan the restored data fits.
 */
describe('restore is not a second live orchestra (pg adapter)', () => {
  let product: TestProduct;
  let cookie: string;
  const created: string[] = [];

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    await product.addSuperadmin('restore-root@example.org', 'super-secret-password');
    const res = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'restore-root@example.org', password: 'super-secret-password' } });
    cookie = (res.headers['set-cookie'] as string[])[0].split(';')[0];
  });
  afterAll(async () => {
    product.clock.useRealTime();
    for (const subdomain of created) {
      await dropOrchestraDatabase(product.runtime.admin, orchestraDatabaseName(subdomain), orchestraLoginName(subdomain)).catch(() => undefined);
    }
    await product?.close();
  });

  const api = (method: string, path: string, body?: unknown) => product.call(method, `/api/superadmin${path}`, { host: product.apexHost, cookie, body });
  const workflows = () => product.runtime.workflows as LocalWorkflows;

  it('restores with every project paused, pending requests cancelled, queued mail held and the original links dead; nobody is emailed', async () => {
    const source = await product.addOrchestra('original', { seed: true, plan: 'institution' });
    const sourceDb = await product.orchestraDb(source);
    const scenario = await createScenario(sourceDb, { label: 'restore', strategy: 'sequential', quantity: 1, musicians: 3, responseHours: 2 });
    await sendScenario(sourceDb, product.clock, publicBaseUrl(product.runtime.config, source.record.subdomain), scenario);
    const originalToken = (await linkTokens(sourceDb, scenario)).get(scenario.musicianIds[0])!;
    expect(originalToken).toBeTruthy();

    const backup = await api('POST', `/orchestras/${source.record.id}/backup`);
    expect(backup.status).toBe(201);
    // The original is out of the picture from here on: whatever the tick sends below is the copy's.
    await product.runtime.control.query(`UPDATE orchestras SET status = 'suspended' WHERE id = :id::uuid`, { id: source.record.id });

    const subdomain = product.subdomain('copy');
    created.push(subdomain);
    const restored = await api('POST', '/orchestras', { name: 'Kopia', subdomain, contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: backup.json.key });
    expect(restored.status).toBe(202);
    // The superadmin is told before anything is made what the copy will hold and that it starts still.
    expect(restored.json.restore).toEqual({
      from: backup.json.key,
      musicians: 3,
      activeProjects: 1,
      projectsPaused: 1,
      pendingRequestsCancelled: 1,
      messagesHeld: 1,
      notice: expect.stringMatching(/every project paused.*cancelled.*nobody is emailed/),
    });
    await workflows().settled(restored.json.execution.executionId);
    expect((await api('GET', `/orchestras/${restored.json.orchestra.id}`)).json).toMatchObject({ status: 'active' });

    const copy = (await findOrchestraById(product.runtime.control, restored.json.orchestra.id))!;
    const copyDb = await product.runtime.orchestraDatabase(copy);
    expect((await copyDb.query<{ paused: boolean }>(`SELECT paused FROM projects`)).rows).toEqual([{ paused: true }]);
    expect((await copyDb.query<{ status: string }>(`SELECT status FROM requests`)).rows).toEqual([{ status: 'cancelled' }]);
    const { rows: outbox } = await copyDb.query<{ status: string; lastError: string }>(`SELECT status, last_error AS "lastError" FROM outbox`);
    expect(outbox).toEqual([{ status: 'failed', lastError: expect.stringMatching(/restored from a backup/) }]);
    const { rows: audit } = await copyDb.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'orchestra.restore'`);
    expect(audit).toEqual([{ after: { projectsPaused: 1, requestsCancelled: 1, messagesHeld: 1, linksRevoked: 1 } }]);

    // Past the original's deadline: no timeout, no refill to the next musician, no reminder, no delivery.
    product.clock.advance(3 * hour);
    await runTick(product.runtime);
    await runTick(product.runtime);
    const mail = (await product.runtime.mailbox.list()).filter((m) => scenario.emails.some((e) => m.to.includes(e)));
    expect(mail).toEqual([]);
    expect((await copyDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`)).rows[0].n).toBe(1);

    // The original's link answers nothing in the copy.
    const copyHost = product.apexHost.replace(/^/, `${subdomain}.`);
    const answer = await product.call('POST', `/api/respond/${originalToken}`, { host: copyHost, body: { answer: 'yes' } });
    expect(answer.status).toBe(404);
  });

  it('refuses a plan the restored data does not fit, naming the plan field and the reason, before anything is made', async () => {
    const source = await product.addOrchestra('big', { seed: true, plan: 'institution' });
    const sourceDb = await product.orchestraDb(source);
    await sourceDb.query(
      `INSERT INTO musicians (first_name, last_name, email) SELECT 'Spelare', 'Nr ' || n, 'big-' || n || '@example.org' FROM generate_series(1, 51) AS n`,
    );
    const backup = await api('POST', `/orchestras/${source.record.id}/backup`);
    const subdomain = product.subdomain('small-copy');
    const before = await product.count('orchestras');
    const res = await api('POST', '/orchestras', { name: 'Liten kopia', subdomain, contactEmail: 'office@copy.example.org', plan: 'small', restoreFrom: backup.json.key });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: 'plan', message: expect.stringMatching(/small plan allows 50 musicians; the backup has 51/) }]);
    expect(await product.count('orchestras')).toBe(before);
  });
});
