import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendProject } from '../../shared/app/engine/send-project';
import { topUpNeeds } from '../../shared/app/engine/top-up-needs';
import { publicBaseUrl } from '../../shared/config/app-config';
import { AppError } from '../../shared/http/errors';
import { SqlError, SqlState, type Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';
import { createEngineProject } from './engine-fixtures';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Preview, send, status and conflict choices through the real HTTP server and the orchestra's PostgreSQL,
 * once per database adapter (SPEC §3.1–3.5): preview equals send, requests and emails in one transaction,
 * stale previews refused, exhausted needs told to the admins.
 */
describe.each(['pg', 'data-api'] as const)('engine: preview and send (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let cookie: string;
  let db: Database;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('engine', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('previews per need whom a send asks and why the others are skipped, and the send does exactly that', async () => {
    const fx = await createEngineProject(db, {
      musicians: 6,
      needs: [
        { position: 'Tutti viola', list: [3, 4, 5], quantity: 1, strategy: 'sequential' },
        { position: 'Tutti violin 1', list: [0, 1, 2, 3], quantity: 3, strategy: 'parallel', responseHours: 10 },
      ],
    });
    const [viola, violin] = fx.needIds;
    const m = fx.musicians;
    await db.query(`UPDATE musicians SET active = false WHERE id = :id::uuid`, { id: m[1].id });
    await db.query(
      `INSERT INTO files (project_id, need_id, storage_key, filename, content_type, size_bytes, send_on, confirmed_at)
       VALUES (:p::uuid, NULL, :k1, 'noter.pdf', 'application/pdf', 100, 'request', now()),
              (:p::uuid, :violin::uuid, :k2, 'stråkar.pdf', 'application/pdf', 100, 'request', now()),
              (:p::uuid, :viola::uuid, :k3, 'viola.pdf', 'application/pdf', 100, 'request', now()),
              (:p::uuid, NULL, :k4, 'kontrakt.pdf', 'application/pdf', 100, 'accept', now()),
              (:p::uuid, NULL, :k5, 'unconfirmed.pdf', 'application/pdf', 100, 'request', NULL)`,
      { p: fx.projectId, violin, viola, k1: `${fx.projectId}/1`, k2: `${fx.projectId}/2`, k3: `${fx.projectId}/3`, k4: `${fx.projectId}/4`, k5: `${fx.projectId}/5` },
    );

    const preview = await call('GET', `/api/projects/${fx.projectId}/preview`);
    expect(preview.status).toBe(200);
    // Send order: violin (instrument 1) before viola, whatever the order the needs were made in.
    expect(preview.json.needs.map((n: { needId: string }) => n.needId)).toEqual([violin, viola]);
    const [violinPlan, violaPlan] = preview.json.needs;
    expect(violinPlan).toMatchObject({ strategy: 'parallel', quantity: 3, accepted: 0, pending: 0, becomesExhausted: false, positionName: 'Tutti violin 1' });
    expect(violinPlan.asks).toEqual([
      { musicianId: m[0].id, code: m[0].code, name: `${m[0].firstName} ${m[0].lastName}`, rank: 1, wave: 1 },
      { musicianId: m[2].id, code: m[2].code, name: `${m[2].firstName} ${m[2].lastName}`, rank: 3, wave: 1 },
      { musicianId: m[3].id, code: m[3].code, name: `${m[3].firstName} ${m[3].lastName}`, rank: 4, wave: 1 },
    ]);
    expect(violinPlan.skipped).toEqual([{ musicianId: m[1].id, code: m[1].code, name: `${m[1].firstName} ${m[1].lastName}`, rank: 2, reason: 'inactive' }]);
    // m[3] is on both lists: violin asks first (first_asked), so viola skips them and asks the next.
    expect(violaPlan.asks.map((a: { musicianId: string }) => a.musicianId)).toEqual([m[4].id]);
    expect(violaPlan.skipped).toEqual([
      expect.objectContaining({ musicianId: m[3].id, reason: 'asked_for_other_need_in_batch', otherNeedId: violin, otherPositionName: 'Tutti violin 1' }),
    ]);
    expect(preview.json.conflicts).toEqual([expect.objectContaining({ musicianId: m[3].id, code: m[3].code })]);
    expect(preview.json.fingerprint).toMatch(/^[0-9a-f]{32}$/);

    const before = Date.now();
    const sent = await call('POST', `/api/projects/${fx.projectId}/send`, { fingerprint: preview.json.fingerprint });
    expect(sent.status).toBe(200);
    expect(sent.json.fingerprint).toBe(preview.json.fingerprint);
    const planned = preview.json.needs.flatMap((n: { needId: string; asks: { musicianId: string }[] }) => n.asks.map((a) => `${n.needId}:${a.musicianId}`));
    expect(sent.json.requests.map((r: { needId: string; musicianId: string }) => `${r.needId}:${r.musicianId}`)).toEqual(planned);

    const { rows: requests } = await db.query<{
      id: string;
      needId: string;
      musicianId: string;
      status: string;
      tokenHash: string;
      rankAtSend: number;
      sentAt: string;
      deadlineAt: string;
      remindAt: string;
    }>(
      `SELECT id, need_id AS "needId", musician_id AS "musicianId", status, token_hash AS "tokenHash", rank_at_send AS "rankAtSend",
              sent_at AS "sentAt", deadline_at AS "deadlineAt", remind_at AS "remindAt"
         FROM requests WHERE project_id = :p::uuid ORDER BY code`,
      { p: fx.projectId },
    );
    expect(requests.map((r) => `${r.needId}:${r.musicianId}`)).toEqual(planned);
    for (const r of requests) {
      expect(r.status).toBe('pending');
      const hours = r.needId === violin ? 10 : 48;
      const sentAt = Date.parse(r.sentAt);
      expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(r.deadlineAt) - sentAt).toBe(hours * 3_600_000);
      expect(Date.parse(r.remindAt) - sentAt).toBe(hours * 3_600_000 * 0.75);
    }
    expect(requests.find((r) => r.musicianId === m[3].id)!.rankAtSend).toBe(4);

    // One request email per request, in the musician's language, with a working link and the on-request files.
    const { rows: outbox } = await db.query<{ requestId: string; kind: string; to: string; subject: string; text: string; html: string; attachments: { filename: string }[] }>(
      `SELECT request_id AS "requestId", kind, to_address AS "to", subject, text_body AS text, html_body AS html, attachments
         FROM outbox WHERE request_id IN (SELECT id FROM requests WHERE project_id = :p::uuid)`,
      { p: fx.projectId },
    );
    expect(outbox).toHaveLength(requests.length);
    const base = publicBaseUrl(product.runtime.config, orchestra.record.subdomain);
    for (const mail of outbox) {
      const request = requests.find((r) => r.id === mail.requestId)!;
      const musician = m.find((x) => x.id === request.musicianId)!;
      expect(mail.kind).toBe('request');
      expect(mail.to).toBe(musician.email);
      expect(mail.text).toContain(musician.firstName);
      const token = mail.text.match(new RegExp(`${base.replace(/[.:/]/g, '\\$&')}/respond/([A-Za-z0-9_-]{43})`))?.[1];
      expect(token, mail.text).toBeDefined();
      expect(createHash('sha256').update(token!).digest('hex')).toBe(request.tokenHash);
      expect(mail.html).toContain('Konserthuset &lt;stora salen&gt;');
      const files = mail.attachments.map((a) => a.filename).sort();
      expect(files).toEqual(request.needId === violin ? ['noter.pdf', 'stråkar.pdf'] : ['noter.pdf', 'viola.pdf']);
    }
    expect(outbox.find((o) => o.to === m[2].email)!.subject).toMatch(/Engine project/);

    const { rows: needs } = await db.query<{ id: string; firstSentAt: string | null; status: string }>(
      `SELECT id, first_sent_at AS "firstSentAt", status FROM needs WHERE project_id = :p::uuid`,
      { p: fx.projectId },
    );
    expect(needs.every((n) => n.firstSentAt !== null && n.status === 'active')).toBe(true);
    const { rows: audit } = await db.query<{ action: string; after: { requests: unknown[] } }>(
      `SELECT action, after FROM audit_log WHERE entity_id = :p AND action = 'project.send'`,
      { p: fx.projectId },
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].after.requests).toHaveLength(4);

    // The old preview is stale now: refused with 409 and the fresh preview, which asks nobody.
    const stale = await call('POST', `/api/projects/${fx.projectId}/send`, { fingerprint: preview.json.fingerprint });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('plan_changed');
    expect(stale.json.preview.fingerprint).not.toBe(preview.json.fingerprint);
    expect(stale.json.preview.needs.map((n: { idle: string }) => n.idle)).toEqual(['waiting_for_answers', 'waiting_for_answers']);
    expect((await db.query(`SELECT 1 FROM requests WHERE project_id = :p::uuid`, { p: fx.projectId })).rowCount).toBe(4);
  });

  it('sends one need only, and a declined request is replaced by the next on the following send', async () => {
    const fx = await createEngineProject(db, {
      musicians: 4,
      needs: [
        { position: 'Tutti violin 1', list: [0, 1, 2], quantity: 1, strategy: 'sequential' },
        { position: 'Tutti viola', list: [3], quantity: 1, strategy: 'sequential' },
      ],
    });
    const [violin, viola] = fx.needIds;
    const one = await call('GET', `/api/projects/${fx.projectId}/preview?needId=${viola}`);
    expect(one.status).toBe(200);
    expect(one.json.needs.map((n: { needId: string }) => n.needId)).toEqual([viola]);
    const sent = await call('POST', `/api/projects/${fx.projectId}/send`, { needId: viola, fingerprint: one.json.fingerprint });
    expect(sent.status).toBe(200);
    expect(sent.json.requests).toEqual([expect.objectContaining({ needId: viola, musicianId: fx.musicians[3].id })]);
    const { rows } = await db.query<{ firstSentAt: string | null }>(`SELECT first_sent_at AS "firstSentAt" FROM needs WHERE id = :id::uuid`, { id: violin });
    expect(rows[0].firstSentAt).toBeNull();

    const first = await call('POST', `/api/projects/${fx.projectId}/send`, {});
    expect(first.json.requests.map((r: { musicianId: string }) => r.musicianId)).toEqual([fx.musicians[0].id]);
    await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE musician_id = :m::uuid`, { m: fx.musicians[0].id });
    const next = await call('POST', `/api/projects/${fx.projectId}/send`, {});
    expect(next.json.requests.map((r: { musicianId: string }) => r.musicianId)).toEqual([fx.musicians[1].id]);
  });

  it('marks a used-up need exhausted and emails the admins once', async () => {
    const fx = await createEngineProject(db, { musicians: 1, needs: [{ position: 'Tutti violin 1', list: [0], quantity: 2, strategy: 'parallel' }] });
    const [need] = fx.needIds;
    const first = await call('POST', `/api/projects/${fx.projectId}/send`, {});
    expect(first.json).toMatchObject({ exhausted: [] });
    await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE need_id = :n::uuid`, { n: need });

    const preview = await call('GET', `/api/projects/${fx.projectId}/preview`);
    expect(preview.json.needs[0]).toMatchObject({ idle: 'exhausted', becomesExhausted: true });
    const sent = await call('POST', `/api/projects/${fx.projectId}/send`, { fingerprint: preview.json.fingerprint });
    expect(sent.status).toBe(200);
    expect(sent.json.exhausted).toEqual([need]);
    const { rows } = await db.query<{ status: string }>(`SELECT status FROM needs WHERE id = :n::uuid`, { n: need });
    expect(rows[0].status).toBe('exhausted');
    const notices = async () =>
      (await db.query<{ to: string; subject: string }>(`SELECT to_address AS "to", subject FROM outbox WHERE kind = 'exhausted' AND subject LIKE :s`, { s: '%Engine project%' })).rows.filter(
        (r) => r.subject.includes('Tutti violin 1'),
      );
    expect((await notices()).map((n) => n.to)).toContain(orchestra.adminEmail);

    // Sending again tells nobody again; a musician added to the list makes the need askable and active again.
    await call('POST', `/api/projects/${fx.projectId}/send`, {});
    const count = (await notices()).length;
    expect(count).toBeGreaterThanOrEqual(1);
    const { rows: extra } = await db.query<{ id: string }>(
      `INSERT INTO musicians (first_name, last_name, email) VALUES ('Late', 'Comer', :email) RETURNING id`,
      { email: `late-${fx.projectId}@example.org` },
    );
    await db.query(
      `WITH q AS (INSERT INTO musician_qualifications (musician_id, position_id) SELECT :m::uuid, position_id FROM needs WHERE id = :n::uuid RETURNING position_id)
       INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank) SELECT n.ranking_list_id, n.position_id, :m::uuid, 2 FROM needs n WHERE n.id = :n::uuid`,
      { m: extra[0].id, n: need },
    );
    const again = await call('POST', `/api/projects/${fx.projectId}/send`, {});
    expect(again.json.requests.map((r: { musicianId: string }) => r.musicianId)).toEqual([extra[0].id]);
    const { rows: after } = await db.query<{ status: string }>(`SELECT status FROM needs WHERE id = :n::uuid`, { n: need });
    expect(after[0].status).toBe('active');
    expect((await notices()).length).toBe(count);
  });

  it('says why a send asks nobody, with the needs and the skipped musicians counted by reason', async () => {
    const fx = await createEngineProject(db, {
      musicians: 5,
      needs: [
        { position: 'Tutti violin 1', list: [0, 1, 2], quantity: 1, strategy: 'sequential' },
        { position: 'Tutti viola', list: [3, 4], quantity: 1, strategy: 'sequential' },
      ],
    });
    const [violin, viola] = fx.needIds;
    const send = async (body: Record<string, unknown> = {}) => {
      const res = await call('POST', `/api/projects/${fx.projectId}/send`, body);
      expect(res.status).toBe(200);
      return res.json;
    };
    const first = await send();
    expect(first.requests).toHaveLength(2);
    expect(first.nobodyAsked).toBeNull();

    // Everything already asked: both needs wait for their one answer.
    const waiting = await send();
    expect(waiting).toMatchObject({ requests: [], exhausted: [], fingerprint: expect.any(String) });
    expect(waiting.nobodyAsked).toEqual({
      reason: 'already_asked',
      message: expect.stringMatching(/^Nobody was asked: /),
      needsByReason: { waiting_for_answers: 2 },
      skippedByReason: { already_asked_in_project: 2 },
    });

    // Paused: the project, then (resumed) one need paused and the other filled.
    expect((await call('POST', `/api/projects/${fx.projectId}/pause`)).status).toBe(200);
    expect((await send()).nobodyAsked).toMatchObject({ reason: 'paused', needsByReason: { project_paused: 2 } });
    await db.query(`UPDATE projects SET paused = false WHERE id = :p::uuid`, { p: fx.projectId });
    await db.query(`UPDATE needs SET status = 'paused' WHERE id = :n::uuid`, { n: viola });
    await db.query(`UPDATE requests SET status = 'accepted', answered_at = now() WHERE need_id = :n::uuid`, { n: violin });
    await db.query(`UPDATE needs SET status = 'filled' WHERE id = :n::uuid`, { n: violin });
    expect((await send()).nobodyAsked).toMatchObject({ reason: 'mixed', needsByReason: { filled: 1, paused: 1 } });
    expect((await send({ needId: viola })).nobodyAsked).toMatchObject({ reason: 'paused', needsByReason: { paused: 1 } });
    expect((await send({ needId: violin })).nobodyAsked).toMatchObject({ reason: 'filled', needsByReason: { filled: 1 } });

    // Every candidate skipped: the viola need's musician declined, the next one is inactive.
    await db.query(`UPDATE needs SET status = 'active' WHERE id = :n::uuid`, { n: viola });
    await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE need_id = :n::uuid`, { n: viola });
    await db.query(`UPDATE musicians SET active = false WHERE id = :m::uuid`, { m: fx.musicians[4].id });
    const skipped = await send({ needId: viola });
    expect(skipped.exhausted).toEqual([viola]);
    expect(skipped.nobodyAsked).toEqual({
      reason: 'everyone_skipped',
      message: expect.stringContaining('1 already asked in this project, 1 inactive'),
      needsByReason: { exhausted: 1 },
      skippedByReason: { already_asked_in_project: 1, inactive: 1 },
    });
  });

  it('reports the live status with a cursor, so a poll returns only what changed', async () => {
    const fx = await createEngineProject(db, { musicians: 3, needs: [{ position: 'Tutti violin 1', list: [0, 1, 2], quantity: 2, strategy: 'parallel' }] });
    const empty = await call('GET', `/api/projects/${fx.projectId}/status`);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ paused: false, staffing: { accepted: 0, needed: 2 }, requests: [] });
    expect(empty.json.needs).toEqual([expect.objectContaining({ needId: fx.needIds[0], quantity: 2, accepted: 0, pending: 0, status: 'active' })]);

    await call('POST', `/api/projects/${fx.projectId}/send`, {});
    const afterSend = await call('GET', `/api/projects/${fx.projectId}/status`);
    expect(afterSend.json.needs[0]).toMatchObject({ accepted: 0, pending: 2 });
    expect(afterSend.json.requests.map((r: { musicianId: string }) => r.musicianId)).toEqual([fx.musicians[0].id, fx.musicians[1].id]);
    expect(afterSend.json.requests[0]).toMatchObject({ status: 'pending', emailStatus: 'pending', musicianCode: fx.musicians[0].code });

    // Rows older than the overlap window are not sent again; a change after the cursor is.
    await db.query(`UPDATE requests SET sent_at = sent_at - interval '2 hours', updated_at = now() - interval '2 hours' WHERE project_id = :p::uuid`, { p: fx.projectId });
    const quiet = await call('GET', `/api/projects/${fx.projectId}/status`);
    const cursor = quiet.json.cursor;
    expect((await call('GET', `/api/projects/${fx.projectId}/status?since=${encodeURIComponent(cursor)}`)).json.requests).toEqual([]);
    await db.query(`UPDATE requests SET status = 'accepted', answered_at = now() WHERE musician_id = :m::uuid`, { m: fx.musicians[1].id });
    const changed = await call('GET', `/api/projects/${fx.projectId}/status?since=${encodeURIComponent(cursor)}`);
    expect(changed.json.requests.map((r: { musicianId: string; status: string }) => [r.musicianId, r.status])).toEqual([[fx.musicians[1].id, 'accepted']]);
    expect(changed.json.staffing).toEqual({ accepted: 1, needed: 2 });
    expect(Date.parse(changed.json.cursor)).toBeGreaterThan(Date.parse(cursor));
  });

  it('keeps to the admin’s picks in admin_choice mode', async () => {
    const fx = await createEngineProject(db, {
      musicians: 3,
      needs: [
        { position: 'Tutti violin 1', list: [0, 1], quantity: 2, strategy: 'parallel' },
        { position: 'Tutti viola', list: [0, 2], quantity: 2, strategy: 'parallel' },
      ],
    });
    const [violin, viola] = fx.needIds;
    const m = fx.musicians;
    await db.query(`UPDATE settings SET conflict_mode = 'admin_choice'`);
    try {
      const waiting = await call('GET', `/api/projects/${fx.projectId}/preview`);
      expect(waiting.json.conflictMode).toBe('admin_choice');
      expect(waiting.json.conflicts).toEqual([
        { musicianId: m[0].id, code: m[0].code, name: `${m[0].firstName} ${m[0].lastName}`, needs: [expect.objectContaining({ needId: violin, rank: 1 }), expect.objectContaining({ needId: viola, rank: 1 })] },
      ]);
      expect(waiting.json.needs[0].skipped).toEqual([expect.objectContaining({ musicianId: m[0].id, reason: 'awaiting_admin_choice' })]);

      const bad = await call('PUT', `/api/projects/${fx.projectId}/conflict-choices`, { choices: [{ musicianId: m[1].id, needId: viola }] });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields).toEqual([{ field: 'choices.0.needId', message: expect.any(String) }]);
      const invalid = await call('PUT', `/api/projects/${fx.projectId}/conflict-choices`, { choices: [{ musicianId: 'nope', needId: viola }] });
      expect(invalid.status).toBe(400);

      const picked = await call('PUT', `/api/projects/${fx.projectId}/conflict-choices`, { choices: [{ musicianId: m[0].id, needId: viola }] });
      expect(picked.status).toBe(200);
      expect(picked.json.conflicts[0].chosenNeedId).toBe(viola);
      expect(picked.json.needs[0].skipped).toEqual([expect.objectContaining({ musicianId: m[0].id, reason: 'reserved_for_other_need', otherNeedId: viola })]);
      expect(picked.json.needs[1].asks.map((a: { musicianId: string }) => a.musicianId)).toEqual([m[0].id, m[2].id]);
      const { rows: audit } = await db.query(`SELECT 1 FROM audit_log WHERE entity_id = :p AND action = 'project.conflict_choices'`, { p: fx.projectId });
      expect(audit).toHaveLength(1);

      const cleared = await call('PUT', `/api/projects/${fx.projectId}/conflict-choices`, { choices: [{ musicianId: m[0].id, needId: null }] });
      expect(cleared.json.conflicts[0].chosenNeedId).toBeUndefined();
    } finally {
      await db.query(`UPDATE settings SET conflict_mode = 'first_asked'`);
    }
  });

  it('refill tops up only needs already sent, and without admin addresses tells the reply-to address', async () => {
    const fx = await createEngineProject(db, {
      musicians: 3,
      needs: [
        { position: 'Tutti violin 1', list: [0], quantity: 1, strategy: 'sequential' },
        { position: 'Tutti viola', list: [1, 2], quantity: 1, strategy: 'sequential' },
      ],
    });
    const [violin, viola] = fx.needIds;
    const deps = { clock: product.clock, orchestraBaseUrl: 'https://x.example.org' };
    const nothing = await db.transaction((tx) => topUpNeeds(tx, deps, fx.projectId, { mode: 'refill' }));
    expect(nothing.requests).toEqual([]);

    await db.transaction((tx) => topUpNeeds(tx, deps, fx.projectId, { mode: 'send', needIds: [violin] }));
    await db.query(`UPDATE requests SET status = 'timed_out', closed_at = now() WHERE need_id = :n::uuid`, { n: violin });
    await db.query(`UPDATE settings SET reply_to = 'office@engine.example.org'`);
    try {
      const refill = await db.transaction((tx) => topUpNeeds(tx, deps, fx.projectId, { mode: 'refill' }));
      // The viola need was never sent, so a refill leaves it alone; the violin list is used up.
      expect(refill.requests).toEqual([]);
      expect(refill.exhausted).toEqual([violin]);
      expect(refill.plan.needs.map((n) => n.needId)).toEqual([violin]);
      const { rows } = await db.query<{ to: string }>(
        `SELECT to_address AS "to" FROM outbox WHERE kind = 'exhausted' AND text_body LIKE :p`,
        { p: `%${(await db.query<{ name: string }>(`SELECT name FROM projects WHERE id = :id::uuid`, { id: fx.projectId })).rows[0].name}%` },
      );
      expect(rows.map((r) => r.to)).toEqual(['office@engine.example.org']);
    } finally {
      await db.query(`UPDATE settings SET reply_to = NULL`);
    }
    const { rows: needs } = await db.query<{ id: string; status: string }>(`SELECT id, status FROM needs WHERE project_id = :p::uuid`, { p: fx.projectId });
    expect(Object.fromEntries(needs.map((n) => [n.id, n.status]))).toEqual({ [violin]: 'exhausted', [viola]: 'active' });
  });

  it('turns a repeated race on the one-live-request index into a 409, never a 500', async () => {
    let attempts = 0;
    const racing = {
      query: db.query.bind(db),
      close: async () => undefined,
      transaction: async () => {
        attempts += 1;
        throw new SqlError('duplicate key value violates unique constraint', SqlState.uniqueViolation, 'requests_one_live_per_project');
      },
    } as unknown as Database;
    const error = await sendProject(racing, { clock: product.clock, orchestraBaseUrl: 'https://x' }, { userId: 'u', email: 'e' }, 'p', {}).catch((e) => e);
    expect(attempts).toBe(2);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 409, code: 'send_conflict' });
  });

  it('answers 404 for unknown projects and needs, 400 for malformed input, 409 for an archived project', async () => {
    const fx = await createEngineProject(db, { musicians: 1, needs: [{ position: 'Tutti violin 1', list: [0], quantity: 1, strategy: 'sequential' }] });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('GET', `/api/projects/${unknown}/preview`)).status).toBe(404);
    expect((await call('POST', `/api/projects/${unknown}/send`, {})).status).toBe(404);
    expect((await call('GET', `/api/projects/${unknown}/status`)).status).toBe(404);
    expect((await call('GET', `/api/projects/${fx.projectId}/preview?needId=${unknown}`)).status).toBe(404);
    expect((await call('POST', `/api/projects/${fx.projectId}/send`, { needId: unknown })).status).toBe(404);
    const badFingerprint = await call('POST', `/api/projects/${fx.projectId}/send`, { fingerprint: 'x' });
    expect(badFingerprint.status).toBe(400);
    expect(badFingerprint.json.error.fields[0].field).toBe('fingerprint');
    expect((await call('GET', `/api/projects/${fx.projectId}/status?since=yesterday`)).status).toBe(400);
    expect((await call('GET', `/api/projects/${fx.projectId}/preview?needId=1`)).status).toBe(400);

    await db.query(`UPDATE projects SET archived_at = now() WHERE id = :p::uuid`, { p: fx.projectId });
    const archived = await call('POST', `/api/projects/${fx.projectId}/send`, {});
    expect(archived.status).toBe(409);
    expect((await db.query(`SELECT 1 FROM requests WHERE project_id = :p::uuid`, { p: fx.projectId })).rowCount).toBe(0);
  });
});
