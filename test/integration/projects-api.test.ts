import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { seedDemoData } from '../../shared/seed/demo-data';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Projects and needs through the real HTTP server and the orchestra's own PostgreSQL, once per database
 * adapter: ISO week kept with the date, staffing figures, upcoming/past, archive (never delete), and the
 * SPEC §3.2 rules for needs including the locks that apply once requests are out.
 */
describe.each(['pg', 'data-api'] as const)('projects and needs API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  let tuttiId: string;
  let violaId: string;
  const lists: Record<string, string> = {};
  let musicians: string[] = [];

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });

  async function createProject(name: string, startDate: string, extra: Record<string, unknown> = {}) {
    const res = await call('POST', '/api/projects', { name, startDate, ...extra });
    expect(res.status).toBe(201);
    return res.json;
  }

  async function createNeed(projectId: string, body: Record<string, unknown>) {
    return call('POST', `/api/projects/${projectId}/needs`, { positionId: tuttiId, listId: lists.tuttiA, quantity: 2, strategy: 'sequential', ...body });
  }

  /** A request as the engine would have written it (the engine is not part of these routes). */
  async function addRequest(needId: string, projectId: string, musicianId: string, status: 'pending' | 'accepted' | 'declined') {
    await db.query(
      `INSERT INTO requests (need_id, project_id, musician_id, status, token_hash, sent_at, deadline_at, answered_at)
       VALUES (:needId::uuid, :projectId::uuid, :musicianId::uuid, :status, :hash, now() - interval '1 hour', now() + interval '47 hours',
               CASE WHEN :status = 'pending' THEN NULL ELSE now() END)`,
      { needId, projectId, musicianId, status, hash: randomBytes(32).toString('hex') },
    );
    await db.query(`UPDATE needs SET first_sent_at = coalesce(first_sent_at, now() - interval '1 hour') WHERE id = :needId::uuid`, { needId });
  }

  async function auditActions(entityId: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = :entityId ORDER BY id`, { entityId });
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    // More coming projects than the small plan's five active ones (the limit has its own test in dashboard-api).
    orchestra = await product.addOrchestra('projects', { seed: true, plan: 'medium' });
    other = await product.addOrchestra('others', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
    const { rows } = await db.query<{ position: string; kind: string; position_id: string; id: string }>(
      `SELECT p.name AS position, l.kind, p.id AS position_id, l.id
         FROM ranking_lists l JOIN positions p ON p.id = l.position_id
        WHERE p.name IN ('Tutti violin 1', 'Tutti viola')`,
    );
    tuttiId = rows.find((r) => r.position === 'Tutti violin 1')!.position_id;
    violaId = rows.find((r) => r.position === 'Tutti viola')!.position_id;
    for (const r of rows) lists[`${r.position === 'Tutti viola' ? 'viola' : 'tutti'}${r.kind}`] = r.id;
    const { rows: created } = await db.query<{ id: string }>(
      `INSERT INTO musicians (first_name, last_name, email)
       SELECT 'Player', 'No ' || n, 'player' || n || '@example.org' FROM generate_series(1, 6) AS n RETURNING id`,
    );
    musicians = created.map((r) => r.id);
  });
  afterAll(() => product?.close());

  describe('projects', () => {
    it('creates a project and computes its ISO week from the date, also across the new year', async () => {
      const created = await call('POST', '/api/projects', {
        name: '  Nyårskonsert  ',
        startDate: '2027-01-01',
        rehearsalSchedule: 'Mån–Ons 10–13',
        concertInfo: 'Fredag 19.00',
        notes: 'Frack',
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        code: expect.stringMatching(/^PROJ\d{3}$/),
        name: 'Nyårskonsert',
        startDate: '2027-01-01',
        isoWeek: 53, // 1 January 2027 is a Friday: still week 53 of 2026
        rehearsalSchedule: 'Mån–Ons 10–13',
        concertInfo: 'Fredag 19.00',
        notes: 'Frack',
        archived: false,
        staffing: { accepted: 0, needed: 0, pending: 0, needs: 0 },
        needs: [],
      });
      expect((await createProject('Week one', '2026-01-01')).isoWeek).toBe(1);
      expect((await createProject('Week fifty-three', '2026-12-31')).isoWeek).toBe(53);
      expect(await auditActions(created.json.id)).toEqual(['project.create']);
    });

    it('keeps the ISO week with the date on edit and changes only the fields sent', async () => {
      const project = await createProject('Brahms', '2027-02-01', { notes: 'Keep me' });
      const moved = await call('PATCH', `/api/projects/${project.id}`, { startDate: '2027-05-20' });
      expect(moved.status).toBe(200);
      expect(moved.json).toMatchObject({ startDate: '2027-05-20', isoWeek: 20, name: 'Brahms', notes: 'Keep me' });
      const renamed = await call('PATCH', `/api/projects/${project.id}`, { name: 'Brahms 4' });
      expect(renamed.json).toMatchObject({ name: 'Brahms 4', startDate: '2027-05-20', isoWeek: 20, notes: 'Keep me' });
      expect(await auditActions(project.id)).toEqual(['project.create', 'project.update', 'project.update']);
      // A client cannot set the week: it is not an input.
      const sneaky = await call('PATCH', `/api/projects/${project.id}`, { isoWeek: 3 });
      expect(sneaky.status).toBe(400);
    });

    it('refuses bad input with the field and the reason', async () => {
      const res = await call('POST', '/api/projects', { name: ' ', startDate: '2027-02-30', notes: 'x'.repeat(10001) });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual([
        { field: 'name', message: 'is required' },
        { field: 'startDate', message: 'is not a real date' },
        { field: 'notes', message: 'must be at most 10000 characters' },
      ]);
      const startDateMessage = async (startDate: unknown) =>
        (await call('POST', '/api/projects', { name: 'Dated', startDate })).json.error.fields.map((f: { message: string }) => f.message);
      expect(await startDateMessage('2027-13-01')).toEqual(['is not a real date']);
      expect(await startDateMessage('2026-02-29')).toEqual(['is not a real date']);
      expect(await startDateMessage('30/02/2027')).toEqual(['must be a date YYYY-MM-DD']);
      expect(await startDateMessage(20270214)).toEqual(['must be a date YYYY-MM-DD']);
      expect(await startDateMessage('1999-12-31')).toEqual(['must be between 2000 and 2199']);
      expect((await call('POST', '/api/projects', { name: 'No date' })).json.error.fields).toEqual([{ field: 'startDate', message: 'is required' }]);
      expect((await call('GET', '/api/projects?when=soon')).status).toBe(400);
      expect((await call('GET', '/api/projects?limit=0')).status).toBe(400);
    });

    it('lists upcoming projects soonest first and past ones latest first, relative to the orchestra clock', async () => {
      product.clock.set('2027-03-10T23:30:00Z'); // already 11 March in Stockholm
      const earlierCookie = cookie;
      try {
        cookie = await product.loginAs(orchestra); // a session of the moved clock
        await createProject('Yesterday', '2027-03-10');
        await createProject('Today', '2027-03-11');
        const upcoming = await call('GET', '/api/projects?when=upcoming&limit=500');
        const names = upcoming.json.items.map((p: { name: string }) => p.name);
        expect(names[0]).toBe('Today');
        expect(names).not.toContain('Yesterday');
        const dates = upcoming.json.items.map((p: { startDate: string }) => p.startDate);
        expect(dates).toEqual([...dates].sort());
        const past = await call('GET', '/api/projects?when=past&limit=500');
        expect(past.json.items[0].name).toBe('Yesterday');
        expect(past.json.items.map((p: { name: string }) => p.name)).not.toContain('Today');
        expect(upcoming.json.total + past.json.total).toBe((await call('GET', '/api/projects')).json.total);
        const paged = await call('GET', '/api/projects?when=upcoming&limit=1&offset=1');
        expect(paged.json.items).toHaveLength(1);
        expect(paged.json.items[0].name).toBe(names[1]);
        expect(paged.json.total).toBe(upcoming.json.total);
        const found = await call('GET', '/api/projects?search=yesterDAY');
        expect(found.json.items.map((p: { name: string }) => p.name)).toEqual(['Yesterday']);
      } finally {
        product.clock.useRealTime();
        cookie = earlierCookie;
      }
    });

    it('answers 404 for unknown projects and for projects of another orchestra', async () => {
      expect((await call('GET', `/api/projects/${crypto.randomUUID()}`)).status).toBe(404);
      const theirs = await product.call('POST', '/api/projects', {
        host: other.host,
        cookie: await product.loginAs(other),
        body: { name: 'Theirs', startDate: '2027-01-10' },
      });
      expect(theirs.status).toBe(201);
      expect((await call('GET', `/api/projects/${theirs.json.id}`)).status).toBe(404);
      expect((await call('PATCH', `/api/projects/${theirs.json.id}`, { name: 'Mine now' })).status).toBe(404);
      expect((await call('POST', `/api/projects/${theirs.json.id}/archive`)).status).toBe(404);
      expect((await call('GET', `/api/projects/${theirs.json.id}/needs`)).status).toBe(404);
    });
  });

  describe('needs', () => {
    let projectId: string;

    beforeAll(async () => {
      projectId = (await createProject('Needs project', '2027-04-12')).id;
    });

    it('adds a need with the defaults: 48 hours to answer, everyone eligible, not only local residents', async () => {
      const res = await createNeed(projectId, { quantity: 2, strategy: 'parallel' });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        code: expect.stringMatching(/^NEED\d{3}$/),
        projectId,
        position: { id: tuttiId, name: 'Tutti violin 1' },
        instrument: { name: 'Violin' },
        list: { id: lists.tuttiA, kind: 'A' },
        quantity: 2,
        strategy: 'parallel',
        maxRecipients: null,
        responseHours: 48,
        localResidentsOnly: false,
        status: 'active',
        locked: false,
        accepted: 0,
        pending: 0,
      });
      expect(await auditActions(res.json.id)).toEqual(['need.create']);
      const firstCome = await createNeed(projectId, {
        positionId: violaId,
        listId: lists.violaB,
        quantity: 3,
        strategy: 'first_come',
        maxRecipients: 6,
        responseHours: 4500,
        localResidentsOnly: true,
      });
      expect(firstCome.status).toBe(201);
      expect(firstCome.json).toMatchObject({ maxRecipients: 6, responseHours: 4500, localResidentsOnly: true });
      const detail = await call('GET', `/api/projects/${projectId}`);
      expect(detail.json.needs.map((n: { position: { name: string } }) => n.position.name)).toEqual(['Tutti violin 1', 'Tutti viola']);
      expect(detail.json.staffing).toEqual({ accepted: 0, needed: 5, pending: 0, needs: 2 });
    });

    it('refuses needs that break the SPEC §3.2 rules, naming the field', async () => {
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ strategy: 'first_come', quantity: 3, maxRecipients: 2 }, 'maxRecipients', /at least the quantity \(3\)/],
        [{ strategy: 'sequential', maxRecipients: 5 }, 'maxRecipients', /only applies to the first_come strategy/],
        [{ responseHours: 0 }, 'responseHours', /from 1 to 4500/],
        [{ responseHours: 4501 }, 'responseHours', /from 1 to 4500/],
        [{ quantity: 0 }, 'quantity', /from 1/],
        [{ strategy: 'round_robin' }, 'strategy', /sequential, parallel, first_come/],
        [{ listId: lists.violaA }, 'listId', /another position/],
        [{ listId: crypto.randomUUID() }, 'listId', /no such ranking list/],
        [{ positionId: crypto.randomUUID() }, 'positionId', /no such position/],
      ];
      for (const [body, field, message] of cases) {
        const res = await createNeed(projectId, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.fields).toContainEqual({ field, message: expect.stringMatching(message) });
      }
      expect((await call('GET', `/api/projects/${projectId}/needs`)).json.total).toBe(2);
    });

    it("accepts this project's custom list and refuses another project's", async () => {
      const mine = await call('POST', `/api/projects/${projectId}/custom-lists`, { positionId: tuttiId, copyFromListId: lists.tuttiA });
      const otherProject = await createProject('Other', '2027-06-01');
      const theirs = await call('POST', `/api/projects/${otherProject.id}/custom-lists`, { positionId: tuttiId });
      const ok = await createNeed(projectId, { listId: mine.json.id, quantity: 1 });
      expect(ok.status).toBe(201);
      expect(ok.json.list).toMatchObject({ id: mine.json.id, kind: 'custom' });
      const refused = await createNeed(projectId, { listId: theirs.json.id });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields).toEqual([{ field: 'listId', message: 'is a custom list of another project' }]);
      await call('POST', `/api/projects/${projectId}/needs/${ok.json.id}/archive`);
    });

    it('changes strategy and list freely before the first request, and locks both after it', async () => {
      const need = (await createNeed(projectId, { quantity: 2 })).json;
      const changed = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { strategy: 'first_come', maxRecipients: 4, listId: lists.tuttiB });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({ strategy: 'first_come', maxRecipients: 4, list: { id: lists.tuttiB } });
      // Leaving first_come drops the wave size instead of failing on it.
      const back = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { strategy: 'sequential' });
      expect(back.json).toMatchObject({ strategy: 'sequential', maxRecipients: null });

      await addRequest(need.id, projectId, musicians[0], 'pending');
      const locked = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { strategy: 'parallel' });
      expect(locked.status).toBe(422);
      expect(locked.json.error).toMatchObject({ code: 'need_locked', message: expect.stringMatching(/already sent requests.*strategy/) });
      const listLocked = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { listId: lists.tuttiC });
      expect(listLocked.status).toBe(422);
      expect(listLocked.json.error.message).toMatch(/\(tried to change list\)/);
      // Other settings stay editable, and re-sending the same strategy is no change.
      const fine = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { responseHours: 24, strategy: 'sequential', localResidentsOnly: true });
      expect(fine.status).toBe(200);
      expect(fine.json).toMatchObject({ responseHours: 24, localResidentsOnly: true, locked: true, pending: 1 });
      expect(await auditActions(need.id)).toEqual(['need.create', 'need.update', 'need.update', 'need.update']);
    });

    it('refuses a quantity below the accepted seats and reopens a filled need when it rises', async () => {
      const need = (await createNeed(projectId, { quantity: 2, strategy: 'parallel' })).json;
      await addRequest(need.id, projectId, musicians[1], 'accepted');
      await addRequest(need.id, projectId, musicians[2], 'accepted');
      await db.query(`UPDATE needs SET status = 'filled' WHERE id = :id::uuid`, { id: need.id });
      const below = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { quantity: 1 });
      expect(below.status).toBe(422);
      expect(below.json.error).toMatchObject({ code: 'quantity_below_accepted', message: expect.stringMatching(/2 accepted musicians.*cannot go below 2/) });
      const raised = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { quantity: 3 });
      expect(raised.status).toBe(200);
      expect(raised.json).toMatchObject({ quantity: 3, status: 'active', accepted: 2 });
      const { rows } = await db.query<{ quantity: number }>(`SELECT quantity FROM needs WHERE id = :id::uuid`, { id: need.id });
      expect(rows[0].quantity).toBe(3);
    });

    it('shows staffing per project in the list, and refuses a PATCH that breaks the merged rules', async () => {
      const list = await call('GET', '/api/projects?when=upcoming&limit=500');
      const mine = list.json.items.find((p: { id: string }) => p.id === projectId);
      // parallel 2 + first_come 3 + sequential 2 (1 pending) + parallel 3 (2 accepted); the archived custom-list need is left out.
      expect(mine.staffing).toEqual({ accepted: 2, needed: 10, pending: 1, needs: 4 });
      const need = (await call('GET', `/api/projects/${projectId}/needs`)).json.items.find((n: { strategy: string }) => n.strategy === 'first_come');
      const res = await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, { quantity: 7 });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual([{ field: 'maxRecipients', message: expect.stringMatching(/at least the quantity \(7\)/) }]);
      expect((await call('PATCH', `/api/projects/${projectId}/needs/${need.id}`, {})).status).toBe(400);
      expect((await call('PATCH', `/api/projects/${projectId}/needs/${crypto.randomUUID()}`, { quantity: 1 })).status).toBe(404);
    });

    it('archives a need (never deletes it) once nothing is pending, and then keeps it unchanged', async () => {
      const busy = (await call('GET', `/api/projects/${projectId}/needs`)).json.items.find((n: { pending: number }) => n.pending > 0);
      const refused = await call('POST', `/api/projects/${projectId}/needs/${busy.id}/archive`);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(/waiting for an answer/);

      const idle = (await createNeed(projectId, { quantity: 1 })).json;
      const archived = await call('POST', `/api/projects/${projectId}/needs/${idle.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.json.status).toBe('archived');
      expect((await call('POST', `/api/projects/${projectId}/needs/${idle.id}/archive`)).status).toBe(200);
      expect((await call('PATCH', `/api/projects/${projectId}/needs/${idle.id}`, { quantity: 2 })).status).toBe(409);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM needs WHERE id = :id::uuid`, { id: idle.id });
      expect(rows[0].n).toBe(1);
      const visible = await call('GET', `/api/projects/${projectId}/needs`);
      expect(visible.json.items.map((n: { id: string }) => n.id)).not.toContain(idle.id);
      const all = await call('GET', `/api/projects/${projectId}/needs?includeArchived=true`);
      expect(all.json.items.map((n: { id: string }) => n.id)).toContain(idle.id);
      expect(await auditActions(idle.id)).toEqual(['need.create', 'need.archive']);
    });

    it('archives a project only when no request is pending, and then refuses changes to it', async () => {
      const refused = await call('POST', `/api/projects/${projectId}/archive`);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(/still has 1 request waiting for an answer/);
      await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE project_id = :id::uuid AND status = 'pending'`, { id: projectId });

      const archived = await call('POST', `/api/projects/${projectId}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.json).toMatchObject({ archived: true, archivedAt: expect.any(String) });
      expect(archived.json.staffing.accepted).toBe(2); // history kept
      expect((await call('PATCH', `/api/projects/${projectId}`, { name: 'Again' })).status).toBe(409);
      expect((await createNeed(projectId, {})).status).toBe(409);
      expect((await call('POST', `/api/projects/${projectId}/custom-lists`, { positionId: violaId })).status).toBe(409);

      const listed = await call('GET', '/api/projects?limit=500');
      expect(listed.json.items.map((p: { id: string }) => p.id)).not.toContain(projectId);
      const withArchived = await call('GET', '/api/projects?limit=500&includeArchived=true');
      expect(withArchived.json.items.map((p: { id: string }) => p.id)).toContain(projectId);
      expect((await call('GET', `/api/projects/${projectId}`)).status).toBe(200);
      expect(await auditActions(projectId)).toEqual(['project.create', 'project.archive']);
    });
  });

  it("shows the demo orchestra's project with its needs and staffing", async () => {
    const demo = await product.addOrchestra('demo', { seed: true });
    const demoDb = await product.orchestraDb(demo);
    await seedDemoData(demoDb, { today: product.clock.now() });
    const demoCookie = await product.loginAs(demo);
    const list = await product.call('GET', '/api/projects?when=upcoming', { host: demo.host, cookie: demoCookie });
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ name: 'Sibelius & Brahms', staffing: { needed: 7, accepted: 0, needs: 4 } });
    const detail = await product.call('GET', `/api/projects/${list.json.items[0].id}`, { host: demo.host, cookie: demoCookie });
    expect(detail.json.needs.map((n: { strategy: string }) => n.strategy).sort()).toEqual(['first_come', 'parallel', 'sequential', 'sequential']);
    const lists = await product.call('GET', `/api/ranking-lists?positionId=${detail.json.needs[0].position.id}`, { host: demo.host, cookie: demoCookie });
    expect(lists.json.items[0].entries.length).toBeGreaterThanOrEqual(3);
    expect(lists.json.items[0].entries.map((e: { rank: number }) => e.rank)).toEqual(lists.json.items[0].entries.map((_: unknown, i: number) => i + 1));
  });
});
