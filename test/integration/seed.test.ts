import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateLanguages, templateTypes, templateVariables } from '../../shared/domain/template-variables';
import type { Database } from '../../shared/ports/database';
import { defaultEmailTemplates } from '../../shared/seed/default-email-templates';
import { demoStartDate, seedDemoData } from '../../shared/seed/demo-data';
import { seedOrchestra } from '../../shared/seed/seed-orchestra';
import { standardOrchestra } from '../../shared/seed/standard-orchestra';
import { createTestDatabase, dataApiDatabaseFor } from '../support/test-database';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const today = new Date('2026-11-25T09:30:00Z');

/** Counts and the highest code per table, and every sequence's position: what "changes nothing" means. */
async function snapshot(db: Database): Promise<unknown> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM instruments) AS instruments, (SELECT count(*) FROM positions) AS positions,
            (SELECT count(*) FROM ranking_lists) AS lists, (SELECT count(*) FROM ranking_list_entries) AS entries,
            (SELECT count(*) FROM email_templates) AS templates, (SELECT count(*) FROM musicians) AS musicians,
            (SELECT count(*) FROM musician_qualifications) AS qualifications,
            (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM needs) AS needs,
            (SELECT row_to_json(s) FROM settings s) AS settings,
            (SELECT json_agg(json_build_object('seq', sequencename, 'last', last_value) ORDER BY sequencename) FROM pg_sequences) AS sequences`,
  );
  return rows[0];
}

describe.each(['pg', 'data-api'] as const)('seeding an orchestra through the %s adapter', (adapter) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('orchestra');
    db = adapter === 'pg' ? testDb.pg : dataApiDatabaseFor(testDb.connection);
    await seedOrchestra(db, { orchestraName: 'Malmö Symfoniorkester', replyTo: 'kansli@example.com' });
  });

  afterAll(async () => {
    if (db && db !== testDb?.pg) await db.close();
    await testDb?.drop();
  });

  it('creates the 14 instruments in score order, each with its positions in seniority order', async () => {
    const { rows } = await db.query<{ instrument: string; code: string; positions: string[] }>(
      `SELECT i.name AS instrument, i.code, json_agg(p.name ORDER BY p.sort_order) AS positions
         FROM instruments i JOIN positions p ON p.instrument_id = i.id
        GROUP BY i.id ORDER BY i.sort_order`,
    );
    expect(rows.map((r) => r.instrument)).toEqual([
      'Violin', 'Viola', 'Cello', 'Kontrabas', 'Flöjt', 'Oboe', 'Klarinett',
      'Fagott', 'Valthorn', 'Trumpet', 'Trombon', 'Tuba', 'Slagverk', 'Harpa',
    ]);
    expect(rows[0].code).toBe('INST001');
    expect(rows.map((r) => ({ name: r.instrument, positions: r.positions }))).toEqual(standardOrchestra);
    expect(rows.flatMap((r) => r.positions)).toHaveLength(41);
    expect(rows[0].positions.slice(0, 4)).toEqual(['Förste konsertmästare', 'Andre konsertmästare', 'Stämledare violin 1', 'Tutti violin 1']);
  });

  it('gives every position empty A, B and C lists with descriptions', async () => {
    const { rows } = await db.query<{ kinds: string[]; described: boolean; entries: number }>(
      `SELECT json_agg(l.kind ORDER BY l.kind) AS kinds, bool_and(l.description <> '') AS described,
              (SELECT count(*) FROM ranking_list_entries e JOIN ranking_lists x ON x.id = e.list_id WHERE x.position_id = p.id)::int AS entries
         FROM positions p JOIN ranking_lists l ON l.position_id = p.id
        GROUP BY p.id`,
    );
    expect(rows).toHaveLength(41);
    for (const row of rows) expect(row).toEqual({ kinds: ['A', 'B', 'C'], described: true, entries: 0 });
  });

  it('stores a template for every type in Swedish and English, using only the known variables', async () => {
    const { rows } = await db.query<{ type: string; language: string; subject: string; body: string }>(
      `SELECT type, language, subject, body FROM email_templates ORDER BY type, language`,
    );
    const expected = templateTypes.flatMap((type) => templateLanguages.map((language) => `${type}/${language}`)).sort();
    expect(rows.map((r) => `${r.type}/${r.language}`).sort()).toEqual(expected);
    const known = new Set<string>(templateVariables);
    for (const row of rows) {
      const used = [...`${row.subject}\n${row.body}`.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]);
      expect(used.filter((name) => !known.has(name)), `${row.type}/${row.language}`).toEqual([]);
    }
    expect(rows.find((r) => r.type === 'request' && r.language === 'sv')!.body).toContain('{{responseUrl}}');
    expect(rows.find((r) => r.type === 'reminder' && r.language === 'en')!.body).toContain('{{deadline}}');
  });

  it('writes the settings row with the orchestra’s name and the defaults', async () => {
    const { rows } = await db.query(`SELECT orchestra_name, sender_name, reply_to, reminder_percent, conflict_mode, time_zone FROM settings`);
    expect(rows).toEqual([
      {
        orchestra_name: 'Malmö Symfoniorkester',
        sender_name: 'Malmö Symfoniorkester',
        reply_to: 'kansli@example.com',
        reminder_percent: 75,
        conflict_mode: 'first_asked',
        time_zone: 'Europe/Stockholm',
      },
    ]);
  });

  it('changes nothing when run again, even with other options', async () => {
    const before = await snapshot(db);
    await seedOrchestra(db, { orchestraName: 'Ett annat namn', senderName: 'Någon' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('fills the demo orchestra: about 150 musicians, filled lists and a project with needs', async () => {
    const result = await seedDemoData(db, { seed: 7, today });
    expect(result).toMatchObject({ created: true, musicians: 150 });

    const { rows: people } = await db.query<{ total: number; emails: number; inactive: number; english: number; local: number; codes: string[] }>(
      `SELECT count(*)::int AS total, count(DISTINCT lower(email))::int AS emails,
              count(*) FILTER (WHERE NOT active)::int AS inactive, count(*) FILTER (WHERE language = 'en')::int AS english,
              count(*) FILTER (WHERE local_resident)::int AS local,
              json_build_array(min(code), max(code)) AS codes
         FROM musicians`,
    );
    expect(people[0]).toMatchObject({ total: 150, emails: 150, codes: ['MUS001', 'MUS150'] });
    expect(people[0].inactive).toBeGreaterThan(0);
    expect(people[0].english).toBeGreaterThan(0);
    expect(people[0].english).toBeLessThan(75);
    expect(people[0].local).toBeGreaterThan(0);

    const { rows: qualified } = await db.query<{ per_musician_max: number; unqualified: number }>(
      `SELECT max(n)::int AS per_musician_max, (SELECT count(*)::int FROM musicians m
                WHERE NOT EXISTS (SELECT 1 FROM musician_qualifications q WHERE q.musician_id = m.id)) AS unqualified
         FROM (SELECT count(DISTINCT p.instrument_id) AS n FROM musician_qualifications q
                 JOIN positions p ON p.id = q.position_id GROUP BY q.musician_id) x`,
    );
    expect(qualified[0]).toEqual({ per_musician_max: 2, unqualified: 0 });

    const { rows: lists } = await db.query<{ kind: string; smallest: number; largest: number; lists: number }>(
      `SELECT l.kind, min(n)::int AS smallest, max(n)::int AS largest, count(*)::int AS lists
         FROM (SELECT l.kind, l.id, count(e.musician_id) AS n
                 FROM ranking_lists l LEFT JOIN ranking_list_entries e ON e.list_id = l.id GROUP BY l.id) l
        GROUP BY l.kind ORDER BY l.kind`,
    );
    expect(lists).toHaveLength(3);
    for (const list of lists) {
      expect(list.lists).toBe(41);
      expect(list.smallest).toBeGreaterThanOrEqual(list.kind === 'A' ? 4 : 2);
    }
    expect(lists[0].largest).toBeLessThanOrEqual(8);

    const { rows: gaps } = await db.query<{ gapped: number }>(
      `SELECT count(*)::int AS gapped FROM (SELECT list_id FROM ranking_list_entries GROUP BY list_id HAVING max(rank) <> count(*)) g`,
    );
    expect(gaps[0].gapped).toBe(0);

    const { rows: projects } = await db.query<{ id: string; start_date: string; iso_week: number; rehearsal_schedule: string; concert_info: string }>(
      `SELECT id, start_date, iso_week, rehearsal_schedule, concert_info FROM projects`,
    );
    expect(projects).toHaveLength(1);
    expect(projects[0].id).toBe(result.projectId);
    expect(projects[0].start_date).toBe(demoStartDate(today));
    expect(projects[0].start_date > '2026-12-09').toBe(true);
    expect(projects[0].rehearsal_schedule).not.toBe('');
    expect(projects[0].concert_info).not.toBe('');

    const { rows: needs } = await db.query<{ position: string; quantity: number; strategy: string; max_recipients: number | null; kind: string; status: string }>(
      `SELECT p.name AS position, n.quantity, n.strategy, n.max_recipients, l.kind, n.status
         FROM needs n JOIN positions p ON p.id = n.position_id JOIN ranking_lists l ON l.id = n.ranking_list_id
        ORDER BY n.code`,
    );
    expect(needs.map((n) => n.strategy).sort()).toEqual(['first_come', 'parallel', 'sequential', 'sequential']);
    expect(needs[0]).toEqual({ position: 'Tutti violin 1', quantity: 2, strategy: 'sequential', max_recipients: null, kind: 'A', status: 'active' });
    expect(needs.find((n) => n.strategy === 'first_come')).toMatchObject({ position: 'Tutti viola', quantity: 3, max_recipients: 6 });
  });

  it('adds no demo data when musicians exist', async () => {
    const before = await snapshot(db);
    expect(await seedDemoData(db, { seed: 8, today })).toEqual({ created: false, musicians: 0, projectId: null });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('demo data', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  async function demoOrchestra(seed: number): Promise<unknown> {
    const testDb = await createTestDatabase('orchestra');
    databases.push(testDb);
    await seedOrchestra(testDb.pg, { orchestraName: 'Demo' });
    await seedDemoData(testDb.pg, { seed, today });
    const { rows } = await testDb.pg.query(
      `SELECT m.code, m.first_name, m.last_name, m.email, m.phone, m.language, m.active,
              (SELECT json_agg(json_build_array(l.code, e.rank) ORDER BY l.code) FROM ranking_list_entries e
                 JOIN ranking_lists l ON l.id = e.list_id WHERE e.musician_id = m.id) AS ranks
         FROM musicians m ORDER BY m.code`,
    );
    return rows;
  }

  it('is the same for the same seed and different for another', async () => {
    const [first, again, other] = await Promise.all([demoOrchestra(1), demoOrchestra(1), demoOrchestra(2)]);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('needs the standard orchestra first', async () => {
    const testDb = await createTestDatabase('orchestra');
    databases.push(testDb);
    await expect(seedDemoData(testDb.pg, { today })).rejects.toThrow(/seedOrchestra/);
  });
});
