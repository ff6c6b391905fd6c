import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlError, SqlState, type Database, type Queryable } from '../../shared/ports/database';
import { seedOrchestra } from '../../shared/seed/seed-orchestra';
import { createTestDatabase } from '../support/test-database';

/** The orchestra schema's own guarantees (SPEC §2, §3.1): the rules the database enforces by itself. */

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let controlDb: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;

beforeAll(async () => {
  [testDb, controlDb] = await Promise.all([createTestDatabase('orchestra'), createTestDatabase('control')]);
  db = testDb.pg;
  await seedOrchestra(db, { orchestraName: 'Schemaorkestern' });
});

afterAll(async () => {
  await Promise.all([testDb?.drop(), controlDb?.drop()]);
});

async function expectSqlError(action: Promise<unknown>, code: string, constraint?: string): Promise<void> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the statement should have been refused').toBeInstanceOf(SqlError);
  expect((error as SqlError).code).toBe(code);
  if (constraint) expect((error as SqlError).constraint).toBe(constraint);
}

let serial = 0;
async function addMusician(q: Queryable = db, email?: string): Promise<{ id: string; code: string }> {
  serial += 1;
  const { rows } = await q.query<{ id: string; code: string }>(
    `INSERT INTO musicians (first_name, last_name, email) VALUES ('Test', :last, :email) RETURNING id, code`,
    { last: `Musiker ${serial}`, email: email ?? `musiker${serial}.${randomBytes(3).toString('hex')}@example.com` },
  );
  return rows[0];
}

async function positionId(name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM positions WHERE name = :name`, { name });
  return rows[0].id;
}

async function listId(position: string, kind: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT l.id FROM ranking_lists l JOIN positions p ON p.id = l.position_id WHERE p.name = :position AND l.kind = :kind`,
    { position, kind },
  );
  return rows[0].id;
}

async function qualify(musicianId: string, position: string): Promise<void> {
  await db.query(`INSERT INTO musician_qualifications (musician_id, position_id) VALUES (:m::uuid, :p::uuid)`, {
    m: musicianId,
    p: await positionId(position),
  });
}

async function addProject(startDate = '2026-03-02'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week) VALUES ('Projekt', :d::date, extract(week FROM :d::date)) RETURNING id`,
    { d: startDate },
  );
  return rows[0].id;
}

interface NeedInput {
  position?: string;
  quantity?: number;
  strategy?: string;
  maxRecipients?: number | null;
  responseHours?: number;
}

function insertNeed(projectId: string, input: NeedInput = {}) {
  const position = input.position ?? 'Tutti violin 1';
  return db.query<{ id: string; response_hours: number; status: string }>(
    `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours)
     SELECT :projectId::uuid, l.position_id, l.id, :quantity, :strategy, :maxRecipients::integer, coalesce(:responseHours::integer, 48)
       FROM ranking_lists l JOIN positions p ON p.id = l.position_id
      WHERE p.name = :position AND l.kind = 'A'
     RETURNING id, response_hours, status`,
    {
      projectId,
      position,
      quantity: input.quantity ?? 1,
      strategy: input.strategy ?? 'sequential',
      maxRecipients: input.maxRecipients ?? null,
      responseHours: input.responseHours ?? null,
    },
  );
}

async function addNeed(projectId: string, input: NeedInput = {}): Promise<string> {
  return (await insertNeed(projectId, input)).rows[0].id;
}

function insertRequest(needId: string, musicianId: string) {
  return db.query<{ id: string; code: string }>(
    `INSERT INTO requests (need_id, project_id, musician_id, token_hash, sent_at, deadline_at)
     SELECT n.id, n.project_id, :musicianId::uuid, :tokenHash, now(), now() + make_interval(hours => n.response_hours)
       FROM needs n WHERE n.id = :needId::uuid
     RETURNING id, code`,
    { needId, musicianId, tokenHash: randomBytes(32).toString('hex') },
  );
}

describe('musicians', () => {
  it('refuses a second musician with the same email in another case', async () => {
    await addMusician(db, 'Karin.Berg@Example.com');
    await expectSqlError(addMusician(db, 'karin.berg@example.com'), SqlState.uniqueViolation, 'musicians_email_unique');
  });

  it('hands out codes MUS001, MUS002 … and never reuses one', async () => {
    const first = await addMusician();
    await db.query(`DELETE FROM musicians WHERE id = :id::uuid`, { id: first.id });
    const second = await addMusician();
    expect(first.code).toMatch(/^MUS\d{3}$/);
    expect(Number(second.code.slice(3))).toBe(Number(first.code.slice(3)) + 1);
  });

  it('accepts only sv and en as language', async () => {
    await expectSqlError(
      db.query(`INSERT INTO musicians (first_name, last_name, email, language) VALUES ('A', 'B', 'lang@example.com', 'de')`),
      SqlState.checkViolation,
    );
  });

  it('keeps no personal data on an erased musician', async () => {
    const musician = await addMusician();
    await expectSqlError(
      db.query(`UPDATE musicians SET erased_at = now(), archived_at = now(), active = false WHERE id = :id::uuid`, { id: musician.id }),
      SqlState.checkViolation,
      'musicians_erased_clean',
    );
    await db.query(
      `UPDATE musicians SET erased_at = now(), archived_at = now(), active = false,
              first_name = '', last_name = '', email = NULL, phone = NULL, notes = ''
        WHERE id = :id::uuid`,
      { id: musician.id },
    );
  });
});

describe('ranking lists', () => {
  it('keeps ranks unique per list but lets a reorder swap ranks inside one transaction', async () => {
    const list = await listId('Tutti viola', 'A');
    const [a, b] = [await addMusician(), await addMusician()];
    await qualify(a.id, 'Tutti viola');
    await qualify(b.id, 'Tutti viola');
    const add = (q: Queryable, musicianId: string, rank: number) =>
      q.query(
        `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
         SELECT l.id, l.position_id, :musicianId::uuid, :rank FROM ranking_lists l WHERE l.id = :list::uuid`,
        { list, musicianId, rank },
      );
    await add(db, a.id, 1);
    await expectSqlError(add(db, b.id, 1), SqlState.uniqueViolation, 'ranking_list_entries_rank_unique');
    await add(db, b.id, 2);

    await db.transaction(async (tx) => {
      await tx.query(`UPDATE ranking_list_entries SET rank = 2 WHERE list_id = :list::uuid AND musician_id = :m::uuid`, { list, m: a.id });
      await tx.query(`UPDATE ranking_list_entries SET rank = 1 WHERE list_id = :list::uuid AND musician_id = :m::uuid`, { list, m: b.id });
    });
    const { rows } = await db.query<{ musician_id: string }>(
      `SELECT musician_id FROM ranking_list_entries WHERE list_id = :list::uuid ORDER BY rank`,
      { list },
    );
    expect(rows.map((r) => r.musician_id)).toEqual([b.id, a.id]);

    // A transaction that ends with two musicians on one rank is refused as a whole.
    await expectSqlError(
      db.transaction((tx) => tx.query(`UPDATE ranking_list_entries SET rank = 1 WHERE list_id = :list::uuid`, { list })),
      SqlState.uniqueViolation,
    );
    await expectSqlError(add(db, (await addMusician()).id, 0), SqlState.checkViolation);
  });

  it('puts only musicians qualified for the position on its lists', async () => {
    const list = await listId('Solocellist', 'A');
    const musician = await addMusician();
    await expectSqlError(
      db.query(
        `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
         SELECT l.id, l.position_id, :m::uuid, 1 FROM ranking_lists l WHERE l.id = :list::uuid`,
        { list, m: musician.id },
      ),
      SqlState.foreignKeyViolation,
      'ranking_list_entries_qualified',
    );
  });

  it('allows one custom list per project and position, and no custom list without a project', async () => {
    const projectId = await addProject();
    const position = await positionId('Solobratschist');
    const custom = () =>
      db.query(`INSERT INTO ranking_lists (position_id, kind, project_id) VALUES (:position::uuid, 'custom', :projectId::uuid)`, {
        position,
        projectId,
      });
    await custom();
    await expectSqlError(custom(), SqlState.uniqueViolation, 'ranking_lists_custom_unique');
    await expectSqlError(
      db.query(`INSERT INTO ranking_lists (position_id, kind) VALUES (:position::uuid, 'custom')`, { position }),
      SqlState.checkViolation,
      'ranking_lists_custom_has_project',
    );
    await expectSqlError(
      db.query(`INSERT INTO ranking_lists (position_id, kind) VALUES (:position::uuid, 'A')`, { position }),
      SqlState.uniqueViolation,
      'ranking_lists_standard_unique',
    );
  });
});

describe('projects and needs', () => {
  it('keeps the ISO week consistent with the start date', async () => {
    await expectSqlError(
      db.query(`INSERT INTO projects (name, start_date, iso_week) VALUES ('Fel vecka', '2026-03-02', 11)`),
      SqlState.checkViolation,
      'projects_iso_week_matches',
    );
    // 1 January 2027 is a Friday and belongs to ISO week 53 of 2026.
    const { rows } = await db.query<{ iso_week: number }>(
      `INSERT INTO projects (name, start_date, iso_week) VALUES ('Nyår', '2027-01-01', 53) RETURNING iso_week`,
    );
    expect(rows[0].iso_week).toBe(53);
    await expectSqlError(
      db.query(`INSERT INTO projects (name, start_date, iso_week) VALUES ('Nyår', '2027-01-01', 1)`),
      SqlState.checkViolation,
    );
  });

  it('allows max recipients only for first come, and never below the quantity', async () => {
    const projectId = await addProject();
    await expectSqlError(
      insertNeed(projectId, { strategy: 'sequential', maxRecipients: 5 }),
      SqlState.checkViolation,
      'needs_max_recipients',
    );
    await expectSqlError(
      insertNeed(projectId, { strategy: 'first_come', quantity: 3, maxRecipients: 2 }),
      SqlState.checkViolation,
      'needs_max_recipients',
    );
    await insertNeed(projectId, { strategy: 'first_come', quantity: 3, maxRecipients: 3 });
    await insertNeed(projectId, { strategy: 'first_come', quantity: 3, maxRecipients: null });
    await expectSqlError(insertNeed(projectId, { quantity: 0 }), SqlState.checkViolation);
  });

  it('takes response times from 1 to 4500 hours, 48 by default', async () => {
    const projectId = await addProject();
    await expectSqlError(insertNeed(projectId, { responseHours: 0 }), SqlState.checkViolation);
    await expectSqlError(insertNeed(projectId, { responseHours: 4501 }), SqlState.checkViolation);
    expect((await insertNeed(projectId, { responseHours: 1 })).rows[0].response_hours).toBe(1);
    expect((await insertNeed(projectId, { responseHours: 4500 })).rows[0].response_hours).toBe(4500);
    const { rows } = await db.query<{ response_hours: number; status: string }>(
      `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy)
       SELECT :projectId::uuid, l.position_id, l.id, 1, 'parallel' FROM ranking_lists l
        WHERE l.kind = 'B' ORDER BY l.code LIMIT 1
       RETURNING response_hours, status`,
      { projectId },
    );
    expect(rows[0]).toEqual({ response_hours: 48, status: 'active' });
  });

  it('uses only a list of the need’s own position', async () => {
    const projectId = await addProject();
    await expectSqlError(
      db.query(
        `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy)
         VALUES (:projectId::uuid, :position::uuid, :list::uuid, 1, 'sequential')`,
        { projectId, position: await positionId('Tutti cello'), list: await listId('Tutti viola', 'A') },
      ),
      SqlState.foreignKeyViolation,
      'needs_list_of_position',
    );
  });
});

describe('requests', () => {
  it('holds one live request per musician and project; a cancelled one does not count', async () => {
    const projectId = await addProject();
    const violins = await addNeed(projectId, { position: 'Tutti violin 1' });
    const violas = await addNeed(projectId, { position: 'Tutti viola' });
    const musician = await addMusician();

    const first = (await insertRequest(violins, musician.id)).rows[0];
    expect(first.code).toMatch(/^REQ\d{3,}$/);
    await expectSqlError(insertRequest(violas, musician.id), SqlState.uniqueViolation, 'requests_one_live_per_project');
    await expectSqlError(insertRequest(violins, musician.id), SqlState.uniqueViolation, 'requests_one_live_per_project');

    await db.query(`UPDATE requests SET status = 'cancelled', closed_at = now() WHERE id = :id::uuid`, { id: first.id });
    const second = (await insertRequest(violas, musician.id)).rows[0];

    // A no is a no for the whole project.
    await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE id = :id::uuid`, { id: second.id });
    await expectSqlError(insertRequest(violins, musician.id), SqlState.uniqueViolation, 'requests_one_live_per_project');

    // Another project is another matter.
    const otherProject = await addProject('2026-05-04');
    await insertRequest(await addNeed(otherProject), musician.id);
  });

  it('records answers and closings consistently with the status', async () => {
    const projectId = await addProject();
    const needId = await addNeed(projectId);
    const request = (await insertRequest(needId, (await addMusician()).id)).rows[0];
    await expectSqlError(
      db.query(`UPDATE requests SET status = 'accepted' WHERE id = :id::uuid`, { id: request.id }),
      SqlState.checkViolation,
      'requests_answer_recorded',
    );
    await expectSqlError(
      db.query(`UPDATE requests SET status = 'timed_out' WHERE id = :id::uuid`, { id: request.id }),
      SqlState.checkViolation,
      'requests_answer_recorded',
    );
    await expectSqlError(
      db.query(`UPDATE requests SET late_answer = 'yes', late_answered_at = now() WHERE id = :id::uuid`, { id: request.id }),
      SqlState.checkViolation,
      'requests_late_answer',
    );
    await db.query(`UPDATE requests SET status = 'accepted', answered_at = now() WHERE id = :id::uuid`, { id: request.id });
    await db.query(`UPDATE requests SET status = 'withdrawn', closed_at = now() WHERE id = :id::uuid`, { id: request.id });
  });

  it('keeps the request’s project equal to its need’s project', async () => {
    const needId = await addNeed(await addProject());
    const otherProject = await addProject();
    await expectSqlError(
      db.query(
        `INSERT INTO requests (need_id, project_id, musician_id, token_hash, sent_at, deadline_at)
         VALUES (:needId::uuid, :otherProject::uuid, :musicianId::uuid, 'hash-x', now(), now() + interval '1 hour')`,
        { needId, otherProject, musicianId: (await addMusician()).id },
      ),
      SqlState.foreignKeyViolation,
      'requests_need_project',
    );
  });
});

describe('settings, files and outbox', () => {
  it('has exactly one settings row', async () => {
    await expectSqlError(db.query(`INSERT INTO settings (id, orchestra_name) VALUES (false, 'Andra')`), SqlState.checkViolation);
    await expectSqlError(db.query(`INSERT INTO settings (orchestra_name) VALUES ('Andra')`), SqlState.uniqueViolation);
    await expectSqlError(db.query(`UPDATE settings SET reminder_percent = 100`), SqlState.checkViolation);
    await expectSqlError(db.query(`UPDATE settings SET conflict_mode = 'random'`), SqlState.checkViolation);
  });

  it('accepts only the allowed kinds of file, up to 25 MB', async () => {
    const projectId = await addProject();
    const insert = (contentType: string, size: number) =>
      db.query(
        `INSERT INTO files (project_id, storage_key, filename, content_type, size_bytes, send_on)
         VALUES (:projectId::uuid, :key, 'noter.pdf', :contentType, :size, 'request')`,
        { projectId, key: `files/${randomBytes(6).toString('hex')}`, contentType, size },
      );
    await insert('application/pdf', 25 * 1024 * 1024);
    await expectSqlError(insert('application/pdf', 25 * 1024 * 1024 + 1), SqlState.checkViolation);
    await expectSqlError(insert('application/x-msdownload', 1000), SqlState.checkViolation);
    await expectSqlError(insert('image/svg+xml', 1000), SqlState.checkViolation);
  });

  it('has the control outbox’s columns plus request_id and group_email_id', async () => {
    const columnsOf = async (q: Database) =>
      (
        await q.query<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
          `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'outbox' ORDER BY ordinal_position`,
        )
      ).rows;
    const control = await columnsOf(controlDb.pg);
    const orchestra = await columnsOf(db);
    expect(orchestra.slice(0, control.length)).toEqual(control);
    expect(orchestra.slice(control.length).map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['request_id', 'uuid', 'YES'],
      ['group_email_id', 'uuid', 'YES'],
    ]);
  });
});
