import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEmailRaceMapped } from '../../shared/app/musicians/email-conflicts';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Musicians through the real HTTP server, the middy chain and the orchestra's own PostgreSQL, once per
 * database adapter: create/read/update with qualifications, duplicate addresses, list with search, filters
 * and sort, activate/deactivate, archive/restore (never deleted), the profile, and GDPR export and erase.
 */
describe.each(['pg', 'data-api'] as const)('musicians API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  const pos: Record<string, string> = {};
  let violinId: string;
  let anna: { id: string; code: string };

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const names = (res: { json: { items: { name: string }[] } }) => res.json.items.map((m) => m.name);

  async function create(body: Record<string, unknown>) {
    const res = await call('POST', '/api/musicians', body);
    expect(res.status, res.text).toBe(201);
    return res.json;
  }

  async function auditRows(entityId: string) {
    const { rows } = await db.query<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_log WHERE entity_type = 'musician' AND entity_id = :entityId ORDER BY id`,
      { entityId },
    );
    return rows;
  }

  async function entryRanks(listId: string) {
    const { rows } = await db.query<{ musician_id: string; rank: number }>(
      `SELECT musician_id, rank FROM ranking_list_entries WHERE list_id = :listId::uuid ORDER BY rank`,
      { listId },
    );
    return rows;
  }

  async function listOf(positionId: string, kind: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM ranking_lists WHERE position_id = :positionId::uuid AND kind = :kind`, { positionId, kind });
    return rows[0].id;
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('musicians', { seed: true });
    other = await product.addOrchestra('faraway', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
    const { rows } = await db.query<{ id: string; name: string; instrument_id: string; instrument: string }>(
      `SELECT p.id, p.name, p.instrument_id, i.name AS instrument FROM positions p JOIN instruments i ON i.id = p.instrument_id`,
    );
    for (const r of rows) pos[r.name] = r.id;
    violinId = rows.find((r) => r.name === 'Tutti violin 1')!.instrument_id;
  });
  afterAll(() => product?.close());

  describe('create, read, update', () => {
    it('creates a musician with a code, qualifications on several instruments and an audit entry', async () => {
      const created = await create({
        firstName: ' Anna ',
        lastName: 'Berg',
        email: ' Anna.Berg@Example.org ',
        phone: '070-123 45 67',
        language: 'en',
        localResident: true,
        notes: 'Prefers Mahler',
        qualifications: [pos['Tutti violin 1'], pos['Tutti viola'], pos['Tutti violin 1']],
      });
      expect(created).toMatchObject({
        code: expect.stringMatching(/^MUS\d{3}$/),
        firstName: 'Anna',
        lastName: 'Berg',
        name: 'Anna Berg',
        email: 'Anna.Berg@Example.org',
        phone: '070-123 45 67',
        language: 'en',
        localResident: true,
        notes: 'Prefers Mahler',
        active: true,
        status: 'active',
        emailStatus: 'ok',
        emailStatusChangedAt: null,
        archivedAt: null,
        erased: false,
      });
      expect(created.qualifications.map((q: { positionName: string; instrumentName: string }) => `${q.instrumentName}/${q.positionName}`)).toEqual([
        'Violin/Tutti violin 1',
        'Viola/Tutti viola',
      ]);
      expect(created.qualifications[0]).toMatchObject({ positionId: pos['Tutti violin 1'], instrumentId: violinId });
      anna = { id: created.id, code: created.code };
      expect((await call('GET', `/api/musicians/${anna.id}`)).json).toEqual(created);
      const audit = await auditRows(anna.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'musician.create', before: null, after: { code: anna.code, email: 'Anna.Berg@Example.org' } });
    });

    it('gives the next code from the sequence, never reusing one (also after a refused insert)', async () => {
      const refused = await call('POST', '/api/musicians', { firstName: 'X', lastName: 'Y', email: 'anna.berg@example.org' });
      expect(refused.status).toBe(409);
      const next = await create({ firstName: 'Björn', lastName: 'Ek', email: 'bjorn.ek@example.org', qualifications: [pos['Tutti violin 1']] });
      expect(Number(next.code.slice(3))).toBeGreaterThan(Number(anna.code.slice(3)));
    });

    it('refuses a duplicate email, case-insensitively, naming the musician who has it', async () => {
      const res = await call('POST', '/api/musicians', { firstName: 'Other', lastName: 'Person', email: '  ANNA.berg@example.ORG' });
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: 'email_taken', message: `Email already used by Anna Berg (${anna.code})` });
      const bjorn = (await call('GET', '/api/musicians?search=bjorn')).json.items[0];
      const patch = await call('PATCH', `/api/musicians/${bjorn.id}`, { email: 'Anna.Berg@example.org' });
      expect(patch.status).toBe(409);
      expect(patch.json.error.message).toBe(`Email already used by Anna Berg (${anna.code})`);
      // Changing one's own address only in case is fine.
      expect((await call('PATCH', `/api/musicians/${anna.id}`, { email: 'anna.berg@example.org' })).status).toBe(200);
    });

    it('answers 409 for racing creates with the same address: one wins, the other names the winner', async () => {
      const body = { firstName: 'Race', lastName: 'Twin', email: 'race@example.org' };
      const results = await Promise.all([call('POST', '/api/musicians', body), call('POST', '/api/musicians', body)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.json.error.message).toMatch(/^Email already used by Race Twin \(MUS\d{3}\)$/);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians WHERE lower(email) = 'race@example.org'`);
      expect(rows[0].n).toBe(1);
    });

    it('maps the unique index refusal itself (the race no check can see) to the same 409', async () => {
      const late = withEmailRaceMapped(db, () => ['ANNA.BERG@example.org'], () =>
        db.query(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Late', 'Racer', 'ANNA.BERG@example.org')`),
      );
      await expect(late).rejects.toMatchObject({ status: 409, code: 'email_taken', message: `Email already used by Anna Berg (${anna.code})` });
    });

    it('answers 409 when two musicians are changed to the same new address at once', async () => {
      const one = await create({ firstName: 'Tor', lastName: 'Ett', email: 'tor.ett@example.org' });
      const two = await create({ firstName: 'Tor', lastName: 'Två', email: 'tor.tva@example.org' });
      const results = await Promise.all([
        call('PATCH', `/api/musicians/${one.id}`, { email: 'tor@example.org' }),
        call('PATCH', `/api/musicians/${two.id}`, { email: 'TOR@example.org' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.json;
      expect(results.find((r) => r.status === 409)!.json.error.message).toBe(`Email already used by ${winner.name} (${winner.code})`);
      // Both go back to being archived so the list tests below see only their own musicians.
      for (const m of [one, two]) expect((await call('POST', `/api/musicians/${m.id}/archive`)).status).toBe(200);
    });

    it('refuses bad input with 400 naming each field, and writes nothing', async () => {
      const before = (await call('GET', '/api/musicians?limit=500')).json.total;
      const res = await call('POST', '/api/musicians', {
        firstName: '',
        lastName: 'x'.repeat(101),
        email: 'not-an-email',
        language: 'de',
        localResident: 'yes',
        qualifications: ['nope'],
      });
      expect(res.status).toBe(400);
      expect(Object.fromEntries(res.json.error.fields.map((f: { field: string; message: string }) => [f.field, f.message]))).toEqual({
        firstName: 'is required',
        lastName: 'must be at most 100 characters',
        email: 'must be an email address',
        language: 'must be sv or en',
        localResident: 'must be true or false',
        'qualifications.0': 'must be an id (UUID)',
      });
      const missing = await call('POST', '/api/musicians', { firstName: 'No', lastName: 'Mail' });
      expect(missing.status).toBe(400);
      expect(missing.json.error.fields).toEqual([{ field: 'email', message: 'is required' }]);
      const empty = await call('PATCH', `/api/musicians/${anna.id}`, {});
      expect(empty.status).toBe(400);
      expect((await call('GET', '/api/musicians?limit=500')).json.total).toBe(before);
    });

    it('refuses unknown and archived positions as qualifications, naming the entry', async () => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO positions (instrument_id, name, sort_order, archived_at) VALUES (:violinId::uuid, 'Old seat', 999, now()) RETURNING id`,
        { violinId },
      );
      const theirs = await (await product.orchestraDb(other)).query<{ id: string }>(`SELECT id FROM positions LIMIT 1`);
      const res = await call('POST', '/api/musicians', {
        firstName: 'Q',
        lastName: 'R',
        email: 'qr@example.org',
        qualifications: [pos['Solocellist'], rows[0].id, theirs.rows[0].id],
      });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual([
        { field: 'qualifications.1', message: 'Old seat is archived' },
        { field: 'qualifications.2', message: 'no such position' },
      ]);
      expect((await call('GET', '/api/musicians?search=qr@example.org')).json.total).toBe(0);
    });

    it('updates fields and replaces qualifications; a dropped one takes the musician off its lists, ranks closing up', async () => {
      const listA = await listOf(pos['Tutti violin 1'], 'A');
      const bjorn = (await call('GET', '/api/musicians?search=bjorn')).json.items[0];
      expect((await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: anna.id })).status).toBe(201);
      expect((await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: bjorn.id })).status).toBe(201);

      const res = await call('PATCH', `/api/musicians/${anna.id}`, {
        phone: '',
        notes: 'Also plays cello',
        qualifications: [pos['Tutti viola'], pos['Solocellist']],
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ phone: null, notes: 'Also plays cello', firstName: 'Anna', language: 'en' });
      expect(res.json.qualifications.map((q: { positionName: string }) => q.positionName)).toEqual(['Tutti viola', 'Solocellist']);
      expect(await entryRanks(listA)).toEqual([{ musician_id: bjorn.id, rank: 1 }]);
      const audit = (await auditRows(anna.id)).at(-1)!;
      expect(audit).toMatchObject({
        action: 'musician.update',
        before: { phone: '070-123 45 67', notes: 'Prefers Mahler' },
        after: { phone: null, notes: 'Also plays cello', removedFromLists: [{ listId: listA, rank: 1 }] },
      });
    });

    it('shows a failing address to the admin, and a new address starts over as ok', async () => {
      await db.query(`UPDATE musicians SET email_status = 'failing', email_status_changed_at = now() WHERE id = :id::uuid`, { id: anna.id });
      const failing = (await call('GET', `/api/musicians/${anna.id}`)).json;
      expect(failing.emailStatus).toBe('failing');
      expect(failing.emailStatusChangedAt).toEqual(expect.any(String));
      const fixed = await call('PATCH', `/api/musicians/${anna.id}`, { email: 'anna@berg.example.org' });
      expect(fixed.json).toMatchObject({ email: 'anna@berg.example.org', emailStatus: 'ok' });
      expect(Date.parse(fixed.json.emailStatusChangedAt)).toBeGreaterThanOrEqual(Date.parse(failing.emailStatusChangedAt));
    });

    it("answers 404 for unknown ids and another orchestra's musicians, 400 for malformed ids", async () => {
      const theirs = await (await product.orchestraDb(other)).query<{ id: string }>(
        `INSERT INTO musicians (first_name, last_name, email) VALUES ('Far', 'Away', 'far@example.org') RETURNING id`,
      );
      for (const path of ['', '/profile', '/export']) {
        expect((await call('GET', `/api/musicians/${theirs.rows[0].id}${path}`)).status).toBe(404);
        expect((await call('GET', `/api/musicians/${crypto.randomUUID()}${path}`)).status).toBe(404);
      }
      for (const action of ['archive', 'restore', 'erase']) {
        expect((await call('POST', `/api/musicians/${theirs.rows[0].id}/${action}`)).status).toBe(404);
      }
      expect((await call('PATCH', `/api/musicians/${theirs.rows[0].id}`, { notes: 'x' })).status).toBe(404);
      const bad = await call('GET', '/api/musicians/not-an-id');
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields).toEqual([{ field: 'id', message: 'must be an id (UUID)' }]);
      expect((await product.call('GET', '/api/musicians', { host: orchestra.host })).status).toBe(401);
    });
  });

  describe('list, search, filter, sort', () => {
    beforeAll(async () => {
      await create({ firstName: 'Cecilia', lastName: 'Åberg', email: 'cecilia@example.org', qualifications: [pos['Solocellist']] });
      await create({ firstName: 'David', lastName: 'Lind', email: 'david.lind@example.org', localResident: true, active: false, qualifications: [pos['Tutti violin 1']] });
      const gone = await create({ firstName: 'Erik', lastName: 'Berglund', email: 'erik@example.org' });
      expect((await call('POST', `/api/musicians/${gone.id}/archive`)).status).toBe(200);
    });

    it('lists musicians that are not archived, by last name, with total, paging and plan usage', async () => {
      const res = await call('GET', '/api/musicians');
      expect(res.status).toBe(200);
      expect(names(res)).toEqual(['Anna Berg', 'Björn Ek', 'David Lind', 'Race Twin', 'Cecilia Åberg']);
      expect(res.json.total).toBe(5);
      expect(res.json.plan).toEqual({ resource: 'musicians', used: 5, limit: 50, warning: false });
      const page = await call('GET', '/api/musicians?limit=2&offset=2');
      expect(names(page)).toEqual(['David Lind', 'Race Twin']);
      expect(page.json.total).toBe(5);
    });

    it('searches name, email and code case-insensitively', async () => {
      expect(names(await call('GET', '/api/musicians?search=BERG'))).toEqual(['Anna Berg', 'Cecilia Åberg']);
      expect(names(await call('GET', '/api/musicians?search=david.lind@'))).toEqual(['David Lind']);
      expect(names(await call('GET', `/api/musicians?search=${anna.code.toLowerCase()}`))).toEqual(['Anna Berg']);
      expect(names(await call('GET', `/api/musicians?search=${encodeURIComponent('anna berg')}`))).toEqual(['Anna Berg']);
      expect(names(await call('GET', '/api/musicians?search=%25'))).toEqual([]);
    });

    it('filters by status, instrument, position and local residence', async () => {
      expect(names(await call('GET', '/api/musicians?status=inactive'))).toEqual(['David Lind']);
      expect(names(await call('GET', '/api/musicians?status=archived'))).toEqual(['Erik Berglund', 'Tor Ett', 'Tor Två']);
      expect((await call('GET', '/api/musicians?status=active')).json.total).toBe(4);
      expect(names(await call('GET', `/api/musicians?instrumentId=${violinId}`))).toEqual(['Björn Ek', 'David Lind']);
      expect(names(await call('GET', `/api/musicians?positionId=${pos['Solocellist']}`))).toEqual(['Anna Berg', 'Cecilia Åberg']);
      expect(names(await call('GET', '/api/musicians?localResident=true'))).toEqual(['Anna Berg', 'David Lind']);
      expect(names(await call('GET', `/api/musicians?localResident=false&positionId=${pos['Tutti violin 1']}`))).toEqual(['Björn Ek']);
    });

    it('sorts by first name, code and creation, either way', async () => {
      expect(names(await call('GET', '/api/musicians?sort=firstName&order=desc'))).toEqual(['Race Twin', 'David Lind', 'Cecilia Åberg', 'Björn Ek', 'Anna Berg']);
      const byCode = (await call('GET', '/api/musicians?sort=code')).json.items.map((m: { code: string }) => m.code);
      expect(byCode).toEqual([...byCode].sort());
      expect(names(await call('GET', '/api/musicians?sort=createdAt&order=desc'))[0]).toBe('David Lind');
      // Swedish order: Å before Ä before Ö, all after Z.
      const added = [];
      for (const [first, last] of [['Örjan', 'Ögren'], ['Ärla', 'Äng'], ['Zara', 'Zorn']]) {
        added.push(await create({ firstName: first, lastName: last, email: `${first.length}${last.length}${added.length}@sort.example.org` }));
      }
      expect(names(await call('GET', '/api/musicians'))).toEqual([
        'Anna Berg', 'Björn Ek', 'David Lind', 'Race Twin', 'Zara Zorn', 'Cecilia Åberg', 'Ärla Äng', 'Örjan Ögren',
      ]);
      for (const m of added) expect((await call('POST', `/api/musicians/${m.id}/archive`)).status).toBe(200);
    });

    it('refuses bad filters with 400 naming each', async () => {
      const res = await call('GET', '/api/musicians?status=gone&sort=age&order=up&localResident=maybe&instrumentId=x&limit=0');
      expect(res.status).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['instrumentId', 'limit', 'localResident', 'order', 'sort', 'status']);
    });
  });

  describe('activate, deactivate, archive, restore', () => {
    it('deactivates and activates through PATCH active, with audit entries', async () => {
      const off = await call('PATCH', `/api/musicians/${anna.id}`, { active: false });
      expect(off.json).toMatchObject({ active: false, status: 'inactive' });
      const on = await call('PATCH', `/api/musicians/${anna.id}`, { active: true });
      expect(on.json).toMatchObject({ active: true, status: 'active' });
      const audit = await auditRows(anna.id);
      expect(audit.slice(-2).map((a) => [a.before, a.after])).toEqual([
        [{ code: anna.code, active: true }, { code: anna.code, active: false }],
        [{ code: anna.code, active: false }, { code: anna.code, active: true }],
      ]);
    });

    it('archives and restores keeping notes, qualifications and list places; nothing is deleted', async () => {
      const listA = await listOf(pos['Tutti viola'], 'A');
      expect((await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: anna.id })).status).toBe(201);
      const archived = await call('POST', `/api/musicians/${anna.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.json).toMatchObject({ status: 'archived', archivedAt: expect.any(String), notes: 'Also plays cello' });
      expect(await entryRanks(listA)).toEqual([{ musician_id: anna.id, rank: 1 }]);
      expect(names(await call('GET', '/api/musicians'))).not.toContain('Anna Berg');
      // Archiving again changes nothing and writes no second entry.
      expect((await call('POST', `/api/musicians/${anna.id}/archive`)).json.archivedAt).toBe(archived.json.archivedAt);
      expect((await auditRows(anna.id)).filter((a) => a.action === 'musician.archive')).toHaveLength(1);

      const restored = await call('POST', `/api/musicians/${anna.id}/restore`);
      expect(restored.json).toMatchObject({ status: 'active', archivedAt: null, notes: 'Also plays cello' });
      expect(restored.json.qualifications).toHaveLength(2);
      expect(await entryRanks(listA)).toEqual([{ musician_id: anna.id, rank: 1 }]);
      expect((await auditRows(anna.id)).map((a) => a.action)).toContain('musician.restore');
    });

    it('has no way to delete a musician', async () => {
      expect((await call('DELETE', `/api/musicians/${anna.id}`)).status).toBe(405);
    });

    it('refuses to create or restore past the plan limit with a 409 that explains it', async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians WHERE archived_at IS NULL`);
      const missing = 50 - rows[0].n;
      await db.query(
        `INSERT INTO musicians (first_name, last_name, email)
         SELECT 'Filler', 'No' || n, 'filler' || n || '@example.org' FROM generate_series(1, :missing::int) AS n`,
        { missing },
      );
      const list = await call('GET', '/api/musicians?limit=1');
      expect(list.json.plan).toEqual({ resource: 'musicians', used: 50, limit: 50, warning: true });
      const refused = await call('POST', '/api/musicians', { firstName: 'One', lastName: 'Toomany', email: 'one@example.org' });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toEqual({ code: 'plan_limit', message: 'The small plan allows 50 musicians; this orchestra has 50.' });
      const erik = (await call('GET', '/api/musicians?status=archived')).json.items[0];
      expect((await call('POST', `/api/musicians/${erik.id}/restore`)).status).toBe(409);
      await db.query(`UPDATE musicians SET archived_at = now() WHERE first_name = 'Filler'`);
    });
  });

  describe('profile', () => {
    it("shows list places, request history by project and statistics", async () => {
      const project = await call('POST', '/api/projects', { name: 'Mahler 5', startDate: '2027-03-01' });
      const older = await call('POST', '/api/projects', { name: 'Messiah', startDate: '2026-12-10' });
      const violaList = await listOf(pos['Tutti viola'], 'A');
      const celloList = await listOf(pos['Solocellist'], 'A');
      const need1 = await call('POST', `/api/projects/${project.json.id}/needs`, { positionId: pos['Tutti viola'], listId: violaList, quantity: 1, strategy: 'sequential' });
      const need2 = await call('POST', `/api/projects/${older.json.id}/needs`, { positionId: pos['Solocellist'], listId: celloList, quantity: 1, strategy: 'sequential' });
      expect([need1.status, need2.status]).toEqual([201, 201]);
      const insert = (needId: string, projectId: string, status: string, sent: string, answered: string | null, closed: string | null) =>
        db.query(
          `INSERT INTO requests (need_id, project_id, musician_id, status, token_hash, sent_at, deadline_at, answered_at, closed_at)
           VALUES (:needId::uuid, :projectId::uuid, :musicianId::uuid, :status, :token, :sent::timestamptz, :sent::timestamptz + interval '48 hours',
                   :answered::timestamptz, :closed::timestamptz)`,
          { needId, projectId, musicianId: anna.id, status, token: crypto.randomUUID(), sent, answered, closed },
        );
      await insert(need1.json.id, project.json.id, 'accepted', '2026-11-01T10:00:00Z', '2026-11-01T16:00:00Z', null);
      await insert(need2.json.id, older.json.id, 'declined', '2026-10-01T10:00:00Z', '2026-10-02T04:00:00Z', null);

      const res = await call('GET', `/api/musicians/${anna.id}/profile`);
      expect(res.status).toBe(200);
      expect(res.json.musician.id).toBe(anna.id);
      expect(res.json.lists).toEqual([
        expect.objectContaining({ listId: violaList, kind: 'A', positionName: 'Tutti viola', instrumentName: 'Viola', rank: 1, of: 1, project: null }),
      ]);
      expect(res.json.projects.map((p: { project: { name: string } }) => p.project.name)).toEqual(['Mahler 5', 'Messiah']);
      expect(res.json.projects[0].requests[0]).toMatchObject({
        status: 'accepted',
        positionName: 'Tutti viola',
        sentAt: '2026-11-01T10:00:00.000Z',
        answeredAt: '2026-11-01T16:00:00.000Z',
      });
      expect(res.json.statistics).toEqual({
        requests: 2,
        answered: 2,
        accepted: 1,
        acceptanceRate: 0.5,
        averageResponseHours: 12,
        mostAskedPositions: [
          { positionId: pos['Solocellist'], positionName: 'Solocellist', instrumentName: 'Cello', count: 1 },
          { positionId: pos['Tutti viola'], positionName: 'Tutti viola', instrumentName: 'Viola', count: 1 },
        ],
      });
    });
  });

  describe('GDPR export and erase', () => {
    it('exports everything held about the musician as JSON', async () => {
      await db.query(
        `INSERT INTO outbox (kind, to_address, subject, text_body, status) VALUES ('request', 'anna@berg.example.org', 'Mahler 5?', 'Hej Anna', 'sent')`,
      );
      const res = await call('GET', `/api/musicians/${anna.id}/export`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${anna.code}.json"`);
      expect(res.json).toMatchObject({
        exportedAt: expect.any(String),
        musician: { id: anna.id, email: 'anna@berg.example.org', notes: 'Also plays cello' },
        listPlaces: [expect.objectContaining({ positionName: 'Tutti viola' })],
        communication: [expect.objectContaining({ toAddress: 'anna@berg.example.org', subject: 'Mahler 5?', textBody: 'Hej Anna' })],
      });
      expect(res.json.requests.flatMap((p: { requests: unknown[] }) => p.requests)).toHaveLength(2);
      expect(res.json.changes.map((c: { action: string }) => c.action)).toContain('musician.create');
    });

    it('refuses to erase while a request waits for an answer', async () => {
      const { rows } = await db.query<{ id: string }>(
        `UPDATE requests SET status = 'pending', answered_at = NULL WHERE musician_id = :id::uuid AND status = 'declined' RETURNING id`,
        { id: anna.id },
      );
      const res = await call('POST', `/api/musicians/${anna.id}/erase`);
      expect(res.status).toBe(409);
      expect(res.json.error.message).toMatch(/Anna Berg \(MUS\d+\) has 1 request waiting for an answer/);
      await db.query(`UPDATE requests SET status = 'declined', answered_at = sent_at + interval '18 hours' WHERE id = :id::uuid`, { id: rows[0].id });
    });

    it('erases personal data, keeps anonymous request rows, closes up list ranks and blanks old copies', async () => {
      const violaList = await listOf(pos['Tutti viola'], 'A');
      const bjorn = (await call('GET', '/api/musicians?search=bjorn')).json.items[0];
      expect((await call('PATCH', `/api/musicians/${bjorn.id}`, { qualifications: [pos['Tutti violin 1'], pos['Tutti viola']] })).status).toBe(200);
      expect((await call('POST', `/api/ranking-lists/${violaList}/entries`, { musicianId: bjorn.id })).status).toBe(201);

      const res = await call('POST', `/api/musicians/${anna.id}/erase`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        code: anna.code,
        name: `(erased ${anna.code})`,
        firstName: '',
        lastName: '',
        email: null,
        phone: null,
        notes: '',
        active: false,
        status: 'archived',
        erased: true,
        erasedAt: expect.any(String),
      });
      expect(await entryRanks(violaList)).toEqual([{ musician_id: bjorn.id, rank: 1 }]);
      const { rows: requests } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE musician_id = :id::uuid`, { id: anna.id });
      expect(requests[0].n).toBe(2);
      const { rows: outbox } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE to_address ILIKE '%anna%' OR text_body ILIKE '%anna%'`);
      expect(outbox[0].n).toBe(0);

      const audit = await auditRows(anna.id);
      expect(audit.at(-1)).toEqual({ action: 'musician.erase', before: null, after: { code: anna.code, erased: true, removedFromLists: [expect.stringMatching(/^LIST/)] } });
      expect(JSON.stringify(audit)).not.toMatch(/Anna|Berg|berg\.example|070-123|Mahler|cello/i);

      // Never listed again, not even among the archived; the address is free for someone new.
      expect((await call('GET', '/api/musicians?status=archived&limit=500')).json.items.map((m: { id: string }) => m.id)).not.toContain(anna.id);
      expect((await call('GET', `/api/musicians?search=${anna.code}`)).json.total).toBe(0);
      expect((await call('PATCH', `/api/musicians/${anna.id}`, { notes: 'back?' })).status).toBe(409);
      expect((await call('POST', `/api/musicians/${anna.id}/restore`)).status).toBe(409);
      expect((await call('POST', `/api/musicians/${anna.id}/erase`)).status).toBe(200);
      const profile = await call('GET', `/api/musicians/${anna.id}/profile`);
      expect(profile.json.statistics).toMatchObject({ requests: 2, accepted: 1 });
    });
  });
});
