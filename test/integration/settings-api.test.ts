import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Orchestra settings through the real HTTP server and the orchestra's own PostgreSQL, once per database
 * adapter: read with the plan's usage, change field by field with validation and an audit entry.
 */
describe.each(['pg', 'data-api'] as const)('settings API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('settings', { seed: true });
    other = await product.addOrchestra('bystanders', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('reads the seeded settings with the plan and its usage', async () => {
    await db.query(`INSERT INTO musicians (first_name, last_name, email) SELECT 'P', 'N' || n, 'p' || n || '@example.org' FROM generate_series(1, 40) AS n`);
    await db.query(`INSERT INTO projects (name, start_date, iso_week) VALUES ('Höstkonsert', '2027-10-04', 40)`);
    const res = await call('GET', '/api/settings');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      orchestraName: 'Orchestra settings',
      reminderPercent: 75,
      conflictMode: 'first_asked',
      timeZone: 'Europe/Stockholm',
      replyTo: null,
      plan: {
        name: 'small',
        usage: {
          musicians: { resource: 'musicians', used: 40, limit: 50, warning: true },
          activeProjects: { resource: 'activeProjects', used: 1, limit: 5, warning: false },
          admins: { resource: 'admins', used: 1, limit: 2, warning: false },
        },
      },
    });
  });

  it('changes only the fields given, and audits exactly what changed', async () => {
    const res = await call('PATCH', '/api/settings', {
      reminderPercent: 60,
      conflictMode: 'best_rank',
      timeZone: 'America/New_York',
      replyTo: ' office@settings.example.org ',
      orchestraName: 'Orchestra settings',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      orchestraName: 'Orchestra settings',
      reminderPercent: 60,
      conflictMode: 'best_rank',
      timeZone: 'America/New_York',
      replyTo: 'office@settings.example.org',
      updatedAt: expect.any(String),
    });
    const { rows } = await db.query<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT before, after FROM audit_log WHERE action = 'settings.update' ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        before: { reminderPercent: 75, conflictMode: 'first_asked', timeZone: 'Europe/Stockholm', replyTo: null },
        after: { reminderPercent: 60, conflictMode: 'best_rank', timeZone: 'America/New_York', replyTo: 'office@settings.example.org' },
      },
    ]);
    const cleared = await call('PATCH', '/api/settings', { replyTo: '', timeZone: 'UTC', senderName: 'Kansliet' });
    expect(cleared.json).toMatchObject({ replyTo: null, timeZone: 'UTC', senderName: 'Kansliet', reminderPercent: 60 });
    // Another orchestra's settings are untouched.
    const theirs = await product.call('GET', '/api/settings', { host: other.host, cookie: await product.loginAs(other) });
    expect(theirs.json).toMatchObject({ orchestraName: 'Orchestra bystanders', reminderPercent: 75, timeZone: 'Europe/Stockholm' });
  });

  it('refuses bad values with the field and the reason, and writes nothing', async () => {
    const res = await call('PATCH', '/api/settings', {
      orchestraName: '  ',
      reminderPercent: 100,
      conflictMode: 'loudest',
      timeZone: 'Mars/Olympus_Mons',
      replyTo: 'not-an-address',
      senderName: 'x'.repeat(201),
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([
      { field: 'orchestraName', message: 'is required' },
      { field: 'reminderPercent', message: 'must be from 1 to 99' },
      { field: 'conflictMode', message: 'must be one of first_asked, best_rank, admin_choice' },
      { field: 'timeZone', message: 'must be an IANA time zone such as Europe/Stockholm' },
      { field: 'senderName', message: 'must be at most 200 characters' },
      { field: 'replyTo', message: 'must be an email address' },
    ]);
    expect((await call('PATCH', '/api/settings', { reminderPercent: 0.5 })).json.error.fields).toEqual([
      { field: 'reminderPercent', message: 'must be a whole number' },
    ]);
    const nothing = await call('PATCH', '/api/settings', {});
    expect(nothing.status).toBe(400);
    expect(nothing.json.error.fields[0].message).toBe('names nothing to change');
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.update'`);
    expect(rows[0].n).toBe(2);
    expect((await call('GET', '/api/settings')).json.reminderPercent).toBe(60);
  });

  it('needs an admin session of this orchestra', async () => {
    expect((await product.call('GET', '/api/settings', { host: orchestra.host })).status).toBe(401);
    const otherCookie = await product.loginAs(other);
    expect((await product.call('PATCH', '/api/settings', { host: orchestra.host, cookie: otherCookie, body: { reminderPercent: 10 } })).status).toBe(403);
  });
});
