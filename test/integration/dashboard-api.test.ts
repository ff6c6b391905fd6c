import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteOrchestraAdmin } from '../../shared/app/accounts/invite-orchestra-admin';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * The dashboard and the plan limits on active projects and admins, through the real HTTP server and the
 * orchestra's own database, once per database adapter.
 */
describe.each(['pg', 'data-api'] as const)('dashboard and plan limits (%s adapter)', (adapter) => {
  let product: TestProduct;

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
  });
  afterAll(() => product?.close());

  describe('dashboard', () => {
    let orchestra: Orchestra;
    let cookie: string;
    let db: Database;
    let upcomingId: string;
    const needs: Record<string, string> = {};
    const musicians: string[] = [];

    const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });

    async function addRequest(needId: string, musicianId: string, status: string, sentDaysAgo: number): Promise<string> {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO requests (need_id, project_id, musician_id, status, token_hash, sent_at, deadline_at, answered_at, closed_at)
         SELECT n.id, n.project_id, :musicianId::uuid, :status, :hash, s.sent, s.sent + interval '48 hours',
                CASE WHEN :status IN ('accepted', 'declined') THEN s.sent + interval '1 hour' END,
                CASE WHEN :status IN ('timed_out', 'cancelled', 'withdrawn') THEN s.sent + interval '48 hours' END
           FROM needs n, (SELECT now() - make_interval(days => :days::int) AS sent) s
          WHERE n.id = :needId::uuid
         RETURNING id`,
        { needId, musicianId, status, hash: randomBytes(32).toString('hex'), days: sentDaysAgo },
      );
      return rows[0].id;
    }

    beforeAll(async () => {
      orchestra = await product.addOrchestra('dashboard', { seed: true });
      cookie = await product.loginAs(orchestra);
      db = await product.orchestraDb(orchestra);
      const { rows: made } = await db.query<{ id: string }>(
        `INSERT INTO musicians (first_name, last_name, email, active, archived_at)
         SELECT 'Player', 'No ' || n, 'dash' || n || '@example.org', n <> 5, CASE WHEN n = 6 THEN now() END
           FROM generate_series(1, 6) AS n ORDER BY n RETURNING id`,
      );
      musicians.push(...made.map((r) => r.id));

      upcomingId = (await call('POST', '/api/projects', { name: 'Vårkonsert', startDate: '2027-04-01' })).json.id;
      const past = (await call('POST', '/api/projects', { name: 'Förra året', startDate: '2026-01-10' })).json.id;
      const archived = (await call('POST', '/api/projects', { name: 'Inställd', startDate: '2027-05-01' })).json.id;
      await call('POST', `/api/projects/${archived}/archive`);

      const { rows: lists } = await db.query<{ name: string; position_id: string; list_id: string }>(
        `SELECT p.name, p.id AS position_id, l.id AS list_id FROM positions p JOIN ranking_lists l ON l.position_id = p.id AND l.kind = 'A'
          WHERE p.name IN ('Tutti violin 1', 'Tutti viola', 'Tutti cello')`,
      );
      for (const l of lists) {
        const res = await call('POST', `/api/projects/${upcomingId}/needs`, { positionId: l.position_id, listId: l.list_id, quantity: 2, strategy: 'sequential' });
        expect(res.status, res.text).toBe(201);
        needs[l.name] = res.json.id;
      }

      // In the window: a pending, an accepted and a timed-out request; a declined one 40 days ago is outside.
      await addRequest(needs['Tutti violin 1'], musicians[0], 'pending', 0);
      await addRequest(needs['Tutti violin 1'], musicians[1], 'accepted', 2);
      await addRequest(needs['Tutti violin 1'], musicians[2], 'declined', 40);
      const timedOut = await addRequest(needs['Tutti viola'], musicians[3], 'timed_out', 5);
      // Mail trouble: the pending musician's address bounces; the viola request's email failed for good.
      await db.query(`UPDATE musicians SET email_status = 'failing' WHERE id = :id::uuid`, { id: musicians[0] });
      await db.query(
        `INSERT INTO outbox (kind, to_address, subject, text_body, status, attempts, last_error, request_id)
         VALUES ('request', 'dash4@example.org', 'Förfrågan', 'Hej', 'failed', 5, 'Mailbox unavailable', :id::uuid)`,
        { id: timedOut },
      );
      await db.query(`UPDATE needs SET status = 'exhausted', status_changed_at = now() WHERE id = :id::uuid`, { id: needs['Tutti cello'] });
      // Enough changes for a full "recent activity" of ten, the last one known.
      for (const notes of ['a', 'b', 'c', 'd']) expect((await call('PATCH', `/api/projects/${past}`, { notes })).status).toBe(200);
    });

    it('shows musicians, upcoming projects, pending requests and the answer rate of the last 30 days', async () => {
      const res = await call('GET', '/api/dashboard');
      expect(res.status, res.text).toBe(200);
      const d = res.json;
      expect(d.musicians).toEqual({ active: 4, inactive: 1 });
      expect(d.upcomingProjects.total).toBe(1);
      expect(d.upcomingProjects.next.map((p: { id: string }) => p.id)).toEqual([upcomingId]);
      expect(d.upcomingProjects.next[0].staffing).toMatchObject({ accepted: 1, needed: 6, pending: 1 });
      expect(d.pendingRequests).toBe(1);
      expect(d.answerRate).toEqual({ windowDays: 30, sent: 3, answered: 1, rate: 0.3333 });
    });

    it('lists exhausted needs and needs whose mail is not getting through, with project and position names', async () => {
      const d = (await call('GET', '/api/dashboard')).json;
      expect(d.exhaustedNeeds).toHaveLength(1);
      expect(d.exhaustedNeeds[0]).toMatchObject({
        need: { id: needs['Tutti cello'], status: 'exhausted', quantity: 2 },
        project: { id: upcomingId, name: 'Vårkonsert', startDate: '2027-04-01' },
        position: { name: 'Tutti cello' },
        instrument: { name: 'Cello' },
      });
      const failing = d.failingDeliveryNeeds as { need: { id: string }; position: { name: string }; failedMessages: number; failingMusicians: { id: string; email: string }[] }[];
      expect(failing.map((n) => n.position.name)).toEqual(['Tutti violin 1', 'Tutti viola']);
      expect(failing[0]).toMatchObject({ failedMessages: 0, failingMusicians: [{ id: musicians[0], email: 'dash1@example.org', name: 'Player No 1' }] });
      expect(failing[1]).toMatchObject({ failedMessages: 1, failingMusicians: [] });
    });

    it('shows the last ten changes and the plan usage with admins from the control database', async () => {
      const d = (await call('GET', '/api/dashboard')).json;
      expect(d.recentActivity).toHaveLength(10);
      expect(d.recentActivity[0]).toMatchObject({ action: 'project.update', entityType: 'project', actor: { email: orchestra.adminEmail }, after: { notes: 'd' } });
      expect(d.recentActivity[1]).toMatchObject({ action: 'project.update', after: { notes: 'c' } });
      expect(d.plan).toEqual({
        name: 'small',
        usage: {
          musicians: { resource: 'musicians', used: 5, limit: 50, warning: false },
          activeProjects: { resource: 'activeProjects', used: 1, limit: 5, warning: false },
          admins: { resource: 'admins', used: 1, limit: 2, warning: false },
        },
      });
    });

    it("counts upcoming projects by the orchestra's day, not UTC's", async () => {
      try {
        // 22:30Z on 31 March is already 1 April in Stockholm (summer time): the concert is today, so upcoming.
        // A session lasts hours, so each moment gets its own login.
        const dashboardAt = async (instant: string) => {
          product.clock.set(instant);
          const res = await product.call('GET', '/api/dashboard', { host: orchestra.host, cookie: await product.loginAs(orchestra) });
          expect(res.status, res.text).toBe(200);
          return res.json;
        };
        let d = await dashboardAt('2027-03-31T22:30:00Z');
        expect([d.upcomingProjects.total, d.plan.usage.activeProjects.used]).toEqual([1, 1]);
        // 22:30Z on 1 April is 2 April there: the concert was yesterday.
        d = await dashboardAt('2027-04-01T22:30:00Z');
        expect([d.upcomingProjects.total, d.plan.usage.activeProjects.used]).toEqual([0, 0]);
        expect(d.answerRate).toEqual({ windowDays: 30, sent: 0, answered: 0, rate: null });
      } finally {
        product.clock.useRealTime();
      }
    });

    it("is the orchestra's own: another orchestra's session is refused, and it needs one", async () => {
      const other = await product.addOrchestra('dashboard-other');
      const otherCookie = await product.loginAs(other);
      expect((await product.call('GET', '/api/dashboard', { host: orchestra.host, cookie: otherCookie })).status).toBe(403);
      const theirs = (await product.call('GET', '/api/dashboard', { host: other.host, cookie: otherCookie })).json;
      expect([theirs.musicians, theirs.pendingRequests, theirs.exhaustedNeeds]).toEqual([{ active: 0, inactive: 0 }, 0, []]);
      expect((await product.call('GET', '/api/dashboard', { host: orchestra.host })).status).toBe(401);
    });
  });

  describe('plan limits', () => {
    let orchestra: Orchestra;
    let cookie: string;
    let db: Database;
    const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
    const countProjects = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM projects`)).rows[0].n;

    beforeAll(async () => {
      orchestra = await product.addOrchestra('limits');
      cookie = await product.loginAs(orchestra);
      db = await product.orchestraDb(orchestra);
    });

    it('allows five active projects on the small plan and refuses the sixth with the plan in words', async () => {
      const ids: string[] = [];
      for (let i = 1; i <= 4; i++) ids.push((await call('POST', '/api/projects', { name: `Konsert ${i}`, startDate: `2027-0${i}-15` })).json.id);
      // Two admins taking the last place at once: exactly one gets it.
      const racing = await Promise.all([1, 2].map((i) => call('POST', '/api/projects', { name: `Racer ${i}`, startDate: '2027-06-15' })));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
      const usage = (await call('GET', '/api/dashboard')).json.plan.usage.activeProjects;
      expect(usage).toEqual({ resource: 'activeProjects', used: 5, limit: 5, warning: true });

      const refused = await call('POST', '/api/projects', { name: 'En för mycket', startDate: '2027-09-01' });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toEqual({ code: 'plan_limit', message: 'The small plan allows 5 active projects; this orchestra has 5.' });
      expect(await countProjects()).toBe(5);

      // A project in the past is not active, so it fits; moving it to a coming date would take a place.
      const past = await call('POST', '/api/projects', { name: 'Arkivkonsert', startDate: '2025-10-01' });
      expect(past.status).toBe(201);
      const moved = await call('PATCH', `/api/projects/${past.json.id}`, { startDate: '2027-10-01' });
      expect(moved.status).toBe(409);
      expect((await call('GET', `/api/projects/${past.json.id}`)).json.startDate).toBe('2025-10-01');
      // Other changes to a project that already counts are never refused.
      expect((await call('PATCH', `/api/projects/${ids[0]}`, { startDate: '2027-01-20' })).status).toBe(200);

      // Archiving frees a place.
      expect((await call('POST', `/api/projects/${ids[0]}/archive`)).status).toBe(200);
      expect((await call('POST', '/api/projects', { name: 'Nu får den plats', startDate: '2027-09-01' })).status).toBe(201);
    });

    it('allows two admins on the small plan and refuses a third invitation, but not a repeated one', async () => {
      const invite = (email: string) =>
        inviteOrchestraAdmin(product.runtime.control, {
          orchestraId: orchestra.record.id,
          orchestraName: orchestra.record.name,
          email,
          orchestraUrl: `http://${orchestra.host}`,
          now: product.clock.now(),
        });
      expect((await invite('second@limits.example.org')).invited).toBe(true);
      await expect(invite('third@limits.example.org')).rejects.toMatchObject({
        status: 409,
        code: 'plan_limit',
        message: 'The small plan allows 2 admins; this orchestra has 2.',
      });
      // A retried invitation of an existing admin stays a harmless no-op.
      expect((await invite('second@limits.example.org')).invited).toBe(false);
      const { rows } = await product.runtime.control.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE orchestra_id = :id::uuid AND email = 'third@limits.example.org'`,
        { id: orchestra.record.id },
      );
      expect(rows[0].n).toBe(0);
      expect((await call('GET', '/api/dashboard')).json.plan.usage.admins).toEqual({ resource: 'admins', used: 2, limit: 2, warning: true });
    });
  });
});
