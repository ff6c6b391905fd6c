import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, linkTokens, outboxOf, requestsOf, sendScenario, type Scenario, type ScenarioOptions } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * The admin's controls of the running engine (SPEC §3.5) through the real HTTP server: pause/resume of a
 * need and a project, withdraw, quantity changes, re-sending a failed email, the communication log and
 * group emails — each audited in its own transaction, each refusing what would break a guarantee.
 */
describe.each(['pg', 'data-api'] as const)('engine controls API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  let n = 0;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const answer = (token: string, a: 'yes' | 'no') => product.call('POST', `/api/respond/${token}`, { host: orchestra.host, body: { answer: a } });

  async function sent(options: Omit<ScenarioOptions, 'label'>): Promise<{ s: Scenario; tokens: Map<string, string> }> {
    n += 1;
    const s = await createScenario(db, { label: `c${n}`, ...options });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    return { s, tokens: await linkTokens(db, s) };
  }

  async function needStatus(s: Scenario): Promise<{ status: string; quantity: number }> {
    const { rows } = await db.query<{ status: string; quantity: number }>(`SELECT status, quantity FROM needs WHERE id = :id::uuid`, { id: s.needId });
    return rows[0];
  }

  async function audits(entityId: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = :entityId ORDER BY id`, { entityId });
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('controls', { seed: true });
    other = await product.addOrchestra('elsewhere', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('needs an admin session of this orchestra', async () => {
    const { s } = await sent({ strategy: 'sequential', quantity: 1, musicians: 1 });
    expect((await product.call('POST', `/api/projects/${s.projectId}/pause`, { host: orchestra.host })).status).toBe(401);
    const otherCookie = await product.loginAs(other);
    expect((await product.call('POST', `/api/projects/${s.projectId}/pause`, { host: orchestra.host, cookie: otherCookie })).status).toBe(403);
  });

  it('pauses a need (answers still count, nothing new is sent) and resumes it with a top-up', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 2, musicians: 3 });
    const paused = await call('POST', `/api/projects/${s.projectId}/needs/${s.needId}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.json.item.status).toBe('paused');

    expect((await answer(tokens.get(s.musicianIds[0])!, 'no')).json.state).toBe('declined');
    expect(await requestsOf(db, s)).toHaveLength(1); // no refill while paused

    const resumed = await call('POST', `/api/projects/${s.projectId}/needs/${s.needId}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ requestsSent: 1, item: { status: 'active', pending: 1 } });
    expect((await requestsOf(db, s)).map((r) => r.musician_id)).toEqual([s.musicianIds[0], s.musicianIds[1]]);
    expect(await audits(s.needId)).toEqual(['need.pause', 'need.resume']);
  });

  it('never resumes a filled need into asking again', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 2 });
    await answer(tokens.get(s.musicianIds[0])!, 'yes');
    const res = await call('POST', `/api/projects/${s.projectId}/needs/${s.needId}/resume`);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/filled.*never reopens/);
    expect((await call('POST', `/api/projects/${s.projectId}/needs/${s.needId}/pause`)).status).toBe(409);
    expect((await needStatus(s)).status).toBe('filled');
  });

  it('pauses and resumes a whole project', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 2 });
    expect((await call('POST', `/api/projects/${s.projectId}/pause`)).json.item.paused).toBe(true);
    await answer(tokens.get(s.musicianIds[0])!, 'no');
    expect(await requestsOf(db, s)).toHaveLength(1);
    const resumed = await call('POST', `/api/projects/${s.projectId}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ requestsSent: 1, item: { paused: false } });
    expect(await audits(s.projectId)).toEqual(['project.pause', 'project.resume']);
    expect((await call('POST', `/api/projects/00000000-0000-4000-8000-000000000000/pause`)).status).toBe(404);
  });

  it('withdraws an accepted request: withdrawn email, the seat reopens, the next musician is asked', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 3 });
    await answer(tokens.get(s.musicianIds[0])!, 'yes');
    expect((await needStatus(s)).status).toBe('filled');
    const [accepted] = await requestsOf(db, s);

    const res = await call('POST', `/api/requests/${accepted.id}/withdraw`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'withdrawn', previousStatus: 'accepted', requestsSent: 1 });
    expect((await needStatus(s)).status).toBe('active');
    expect((await requestsOf(db, s)).map((r) => [r.musician_id, r.status])).toEqual([
      [s.musicianIds[0], 'withdrawn'],
      [s.musicianIds[1], 'pending'],
    ]);
    const withdrawn = (await outboxOf(db, s)).filter((m) => m.kind === 'withdrawn');
    expect(withdrawn.map((m) => m.to_address)).toEqual([s.emails[0]]);
    expect(await audits(accepted.id)).toEqual(['request.withdraw']);

    const again = await call('POST', `/api/requests/${accepted.id}/withdraw`);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/is withdrawn; only pending or accepted/);
    expect((await call('POST', '/api/requests/00000000-0000-4000-8000-000000000000/withdraw')).status).toBe(404);
    expect((await call('POST', '/api/requests/nope/withdraw')).status).toBe(400);
  });

  it('changes the quantity: never below accepted, a raise reopens and refills, down to accepted fills', async () => {
    const { s, tokens } = await sent({ strategy: 'first_come', quantity: 2, musicians: 5, maxRecipients: 3 });
    await answer(tokens.get(s.musicianIds[0])!, 'yes');
    await answer(tokens.get(s.musicianIds[1])!, 'yes');
    expect((await needStatus(s)).status).toBe('filled');

    const below = await call('PUT', `/api/projects/${s.projectId}/needs/${s.needId}/quantity`, { quantity: 1 });
    expect(below.status).toBe(409);
    expect(below.json.error.message).toMatch(/already has 2 accepted musicians; the quantity cannot go below 2/);

    const tooBig = await call('PUT', `/api/projects/${s.projectId}/needs/${s.needId}/quantity`, { quantity: 4 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.fields[0].field).toBe('quantity');
    expect((await call('PUT', `/api/projects/${s.projectId}/needs/${s.needId}/quantity`, { quantity: 'x' })).status).toBe(400);

    const raised = await call('PUT', `/api/projects/${s.projectId}/needs/${s.needId}/quantity`, { quantity: 3 });
    expect(raised.status).toBe(200);
    expect(raised.json.item).toMatchObject({ quantity: 3, status: 'active', accepted: 2 });
    expect(raised.json.requestsSent).toBeGreaterThan(0);
    const pendingBefore = (await requestsOf(db, s)).filter((r) => r.status === 'pending');
    expect(pendingBefore.length).toBeGreaterThan(0);

    const lowered = await call('PUT', `/api/projects/${s.projectId}/needs/${s.needId}/quantity`, { quantity: 2 });
    expect(lowered.status).toBe(200);
    expect(lowered.json.item).toMatchObject({ quantity: 2, status: 'filled', pending: 0 });
    const requests = await requestsOf(db, s);
    for (const p of pendingBefore) expect(requests.find((r) => r.id === p.id)!.status).toBe('cancelled');
    const told = (await outboxOf(db, s)).filter((m) => m.kind === 'position_filled').map((m) => m.request_id);
    for (const p of pendingBefore) expect(told).toContain(p.id);
    expect(await audits(s.needId)).toEqual(['need.quantity', 'need.quantity']);
  });

  it('shows the communication log and sends a failed email again', async () => {
    const { s } = await sent({ strategy: 'parallel', quantity: 2, musicians: 2 });
    const [first] = await outboxOf(db, s);
    const musicianOfFirst = (await requestsOf(db, s)).find((r) => r.id === first.request_id)!.musician_id;
    await db.query(`UPDATE outbox SET status = 'failed', attempts = 6, last_error = 'MessageRejected: address blocked' WHERE id = :id::uuid`, { id: first.id });

    const log = await call('GET', `/api/projects/${s.projectId}/messages?status=failed`);
    expect(log.status).toBe(200);
    expect(log.json.total).toBe(1);
    expect(log.json.items[0]).toMatchObject({ id: first.id, kind: 'request', status: 'failed', attempts: 6, lastError: 'MessageRejected: address blocked', musician: { id: musicianOfFirst } });
    const all = await call('GET', `/api/projects/${s.projectId}/messages`);
    expect(all.json.total).toBe(2);
    const one = await call('GET', `/api/projects/${s.projectId}/messages?requestId=${first.request_id}`);
    expect(one.json.items.map((m: { id: string }) => m.id)).toEqual([first.id]);
    expect((await call('GET', `/api/projects/${s.projectId}/messages?status=lost`)).status).toBe(400);

    const resent = await call('POST', `/api/outbox/${first.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.json).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await call('POST', `/api/outbox/${first.id}/resend`)).status).toBe(409);
    expect((await call('POST', '/api/outbox/00000000-0000-4000-8000-000000000000/resend')).status).toBe(404);
    expect(await audits(first.id)).toEqual(['outbox.resend']);

    // A request email whose request is closed is not sent again: its link answers nothing.
    await db.query(`UPDATE outbox SET status = 'failed' WHERE id = :id::uuid`, { id: first.id });
    await db.query(`UPDATE requests SET status = 'withdrawn', closed_at = now() WHERE id = :id::uuid`, { id: first.request_id });
    const closed = await call('POST', `/api/outbox/${first.id}/resend`);
    expect(closed.status).toBe(409);
    expect(closed.json.error.message).toMatch(/no longer waits for an answer/);
  });

  it('emails the accepted musicians of a project, filtered, and keeps the history with recipients', async () => {
    const { s, tokens } = await sent({ strategy: 'parallel', quantity: 2, musicians: 3 });
    await answer(tokens.get(s.musicianIds[0])!, 'yes');
    await answer(tokens.get(s.musicianIds[1])!, 'yes');
    const { rows: files } = await db.query<{ id: string }>(
      `INSERT INTO files (project_id, storage_key, filename, content_type, size_bytes, send_on, confirmed_at)
       VALUES (:p::uuid, :k, 'Schema.pdf', 'application/pdf', 10, 'accept', now()) RETURNING id`,
      { p: s.projectId, k: `${s.projectId}/schema` },
    );

    const bad = await call('POST', `/api/projects/${s.projectId}/group-emails`, { subject: 'Hej {{nickname}}', body: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body']);
    const unknownVar = await call('POST', `/api/projects/${s.projectId}/group-emails`, { subject: 'Hej {{nickname}}', body: 'Text' });
    expect(unknownVar.status).toBe(400);
    expect(unknownVar.json.error.fields).toEqual([{ field: 'subject', message: 'unknown variable {{nickname}}' }]);
    const { rows: viola } = await db.query<{ id: string }>(`SELECT id FROM positions WHERE name = 'Tutti viola'`);
    const nobody = await call('POST', `/api/projects/${s.projectId}/group-emails`, { subject: 'Hej', body: 'Text', positionId: viola[0].id });
    expect(nobody.status).toBe(409);

    const sentMail = await call('POST', `/api/projects/${s.projectId}/group-emails`, {
      subject: 'Information om {{projectName}}',
      body: 'Hej {{firstName}}! Samling kl 9.',
      positionId: s.positionId,
      fileIds: [files[0].id],
    });
    expect(sentMail.status).toBe(201);
    expect(sentMail.json.recipients.map((r: { musicianId: string }) => r.musicianId).sort()).toEqual([s.musicianIds[0], s.musicianIds[1]].sort());
    expect(sentMail.json.files).toEqual([{ id: files[0].id, filename: 'Schema.pdf' }]);
    const { rows: outbox } = await db.query<{ to_address: string; subject: string; text_body: string; attachments: { filename: string }[] }>(
      `SELECT to_address, subject, text_body, attachments FROM outbox WHERE group_email_id = :id::uuid ORDER BY to_address`,
      { id: sentMail.json.id },
    );
    expect(outbox.map((m) => m.to_address)).toEqual([s.emails[0], s.emails[1]].sort());
    expect(outbox[0].subject).toBe(`Information om Projekt c${n}`);
    expect(outbox[0].text_body).toMatch(/^Hej Spelare[12]! Samling kl 9\.$/);
    expect(outbox[0].attachments.map((a) => a.filename)).toEqual(['Schema.pdf']);

    const history = await call('GET', `/api/projects/${s.projectId}/group-emails`);
    expect(history.status).toBe(200);
    expect(history.json.total).toBe(1);
    expect(history.json.items[0]).toMatchObject({ id: sentMail.json.id, subject: 'Information om {{projectName}}', filter: { positionId: s.positionId } });
    expect(history.json.items[0].recipients.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    expect(await audits(sentMail.json.id)).toEqual(['group_email.send']);
    const log = await call('GET', `/api/projects/${s.projectId}/messages`);
    expect(log.json.items.filter((m: { kind: string }) => m.kind === 'group')).toHaveLength(2);
  });
});
