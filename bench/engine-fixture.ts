import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchEmbeddedPostgres, type EmbeddedPostgresServer } from '../infra/local/embedded-postgres-server';
import { createPgDatabase } from '../shared/adapters/local/pg-database';
import { migrate } from '../shared/db/migrate';
import type { Database } from '../shared/ports/database';
import { seedOrchestra } from '../shared/seed/seed-orchestra';

/**
 * The request-engine bench's orchestra (issue 4): a throwaway embedded PostgreSQL in a temp folder, one
 * migrated and seeded orchestra database, and a generated orchestra written with set-based SQL.
 */
export const benchShape = {
  musicians: 2000,
  needs: 40,
  listLength: 200,
  /** Each position's list starts this many musicians after the previous one's, so every musician is on 4 lists. */
  listStride: 50,
  /** first_come wave size: enough that the send writes over 1,000 requests for the reminder tick. */
  firstComeWave: 100,
} as const;

export interface BenchServer {
  /** The orchestra database through the pg adapter. */
  db: Database;
  /** Stops PostgreSQL and removes its folder; safe to call twice, never throws. */
  dispose(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchServer> {
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-bench-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(folder, 0o755);
  let server: EmbeddedPostgresServer | undefined;
  let db: Database | undefined;
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await db?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    process.off('exit', removeFolder);
  };
  // On Ctrl-C or SIGTERM, embedded-postgres' own exit hook stops the server and exits the process before
  // any finally runs; the folder then goes here, synchronously, as the process exits.
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  process.once('exit', removeFolder);
  try {
    server = await launchEmbeddedPostgres({
      databaseDir: join(folder, 'data'),
      password: randomBytes(18).toString('base64url'),
      persistent: false,
    });
    const connection = { host: server.host, port: server.port, user: server.superuser, password: server.password };
    const admin = createPgDatabase({ ...connection, database: 'postgres', max: 1 });
    try {
      await admin.query('CREATE DATABASE bench_orchestra');
    } finally {
      await admin.close();
    }
    db = createPgDatabase({ ...connection, database: 'bench_orchestra', max: 4 });
    await migrate(db, 'orchestra');
    await seedOrchestra(db, { orchestraName: 'Bänkorkestern', replyTo: 'kansli@bench.example.org' });
    return { db, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface BenchProject {
  projectId: string;
  /** Need ids by strategy, in position order. */
  needs: { id: string; strategy: 'sequential' | 'parallel' | 'first_come' }[];
}

/**
 * 2,000 musicians qualified on the first 40 standard positions; position p's A list holds musicians
 * p·50+1 … p·50+200 (wrapping), so lists overlap and the conflict rules have work to do. One project with a
 * need per position, strategies in turn: sequential (1 seat), parallel (3 seats), first_come (2 seats, waves of 100).
 */
export async function generateBenchOrchestra(db: Database): Promise<BenchProject> {
  const s = benchShape;
  await db.query(
    `INSERT INTO musicians (first_name, last_name, email, language, local_resident)
     SELECT 'Musiker' || n, 'Bänk ' || n, 'm' || n || '@bench.example.org', CASE WHEN n % 3 = 0 THEN 'en' ELSE 'sv' END, n % 2 = 0
       FROM generate_series(1, :count::int) AS n ORDER BY n`,
    { count: s.musicians },
  );
  // The bench's musician number n lives in the address; positions are numbered 0… in score and seniority order.
  const slots = `
    WITH pos AS (
      SELECT p.id, (row_number() OVER (ORDER BY i.sort_order, p.sort_order) - 1)::int AS p
        FROM positions p JOIN instruments i ON i.id = p.instrument_id
       WHERE p.archived_at IS NULL
       ORDER BY i.sort_order, p.sort_order
       LIMIT :needs::int
    ), mus AS (
      SELECT id, substring(email FROM '^m([0-9]+)@')::int AS n FROM musicians
    )
    SELECT pos.id AS position_id, pos.p, mus.id AS musician_id, r AS rank
      FROM pos CROSS JOIN generate_series(1, :listLength::int) AS r
      JOIN mus ON mus.n = ((pos.p * :stride::int + r - 1) % :musicians::int) + 1`;
  const shape = { needs: s.needs, listLength: s.listLength, stride: s.listStride, musicians: s.musicians };
  await db.query(`INSERT INTO musician_qualifications (musician_id, position_id) SELECT musician_id, position_id FROM (${slots}) x`, shape);
  await db.query(
    `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
     SELECT l.id, x.position_id, x.musician_id, x.rank
       FROM (${slots}) x JOIN ranking_lists l ON l.position_id = x.position_id AND l.kind = 'A'`,
    shape,
  );
  const { rows: project } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info)
     VALUES ('Bänkprojektet', '2027-03-15', extract(week FROM '2027-03-15'::date), 'Mån–Ons 10–13', 'Lördag 19.00 i Konserthuset')
     RETURNING id`,
  );
  const projectId = project[0].id;
  const { rows: needs } = await db.query<{ id: string; strategy: BenchProject['needs'][number]['strategy'] }>(
    `WITH pos AS (
       SELECT p.id, (row_number() OVER (ORDER BY i.sort_order, p.sort_order) - 1)::int AS p
         FROM positions p JOIN instruments i ON i.id = p.instrument_id
        WHERE p.archived_at IS NULL
        ORDER BY i.sort_order, p.sort_order
        LIMIT :needs::int
     ), spec AS (
       SELECT pos.id AS position_id, pos.p, l.id AS list_id,
              (ARRAY['sequential', 'parallel', 'first_come'])[pos.p % 3 + 1] AS strategy
         FROM pos JOIN ranking_lists l ON l.position_id = pos.id AND l.kind = 'A'
     )
     INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours)
     SELECT :projectId::uuid, position_id, list_id,
            CASE strategy WHEN 'sequential' THEN 1 WHEN 'parallel' THEN 3 ELSE 2 END,
            strategy, CASE WHEN strategy = 'first_come' THEN :wave::int END, 48
       FROM spec ORDER BY p
     RETURNING id, strategy`,
    { needs: s.needs, projectId, wave: s.firstComeWave },
  );
  await db.query('ANALYZE');
  return { projectId, needs };
}

/**
 * `projects` more projects of the generated orchestra, each with a sequential need (1 seat, 48 h) on the A list
 * of each of the first `needsPerProject` positions: once sent and past the deadline, every project holds
 * `needsPerProject` due timeouts, each of which the refill answers by asking the next on that list.
 */
export async function generateSequentialProjects(db: Database, projects: number, needsPerProject: number): Promise<string[]> {
  if (needsPerProject > benchShape.needs) throw new Error(`only the first ${benchShape.needs} positions have lists`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info)
     SELECT 'Tidsgräns ' || n, '2027-04-12', extract(week FROM '2027-04-12'::date), 'Mån–Ons 10–13', 'Lördag 19.00'
       FROM generate_series(1, :projects::int) AS n ORDER BY n
     RETURNING id`,
    { projects },
  );
  const projectIds = rows.map((r) => r.id);
  await db.query(
    `WITH pos AS (
       SELECT p.id FROM positions p JOIN instruments i ON i.id = p.instrument_id
        WHERE p.archived_at IS NULL
        ORDER BY i.sort_order, p.sort_order
        LIMIT :needs::int
     )
     INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, response_hours)
     SELECT pr.value::uuid, pos.id, l.id, 1, 'sequential', 48
       FROM jsonb_array_elements_text(:projectIds::jsonb) AS pr
       CROSS JOIN pos JOIN ranking_lists l ON l.position_id = pos.id AND l.kind = 'A'`,
    { needs: needsPerProject, projectIds },
  );
  await db.query('ANALYZE');
  return projectIds;
}
