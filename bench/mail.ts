import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchEmbeddedPostgres, type EmbeddedPostgresServer } from '../infra/local/embedded-postgres-server';
import { topUpNeeds } from '../shared/app/engine/top-up-needs';
import { deliveryWorkers } from '../shared/app/jobs/run-tick';
import { startMailDelivery } from '../shared/app/mail/deliver-mail';
import { createMailboxMailer } from '../shared/adapters/local/mailbox-mailer';
import { createPgDatabase } from '../shared/adapters/local/pg-database';
import { migrate } from '../shared/db/migrate';
import { systemClock } from '../shared/ports/clock';
import type { Database } from '../shared/ports/database';
import { seedOrchestra } from '../shared/seed/seed-orchestra';

/**
 * The tick's mail delivery (issue #14, point 18) as the tick runs it (startMailDelivery with deliveryWorkers, one
 * budget for the account) on real orchestra databases (embedded PostgreSQL 17, pg adapter) into the local twin's
 * mailbox (.eml files): a 216-request festival in one orchestra, then a 2-hour emergency request in another, and
 * a third orchestra with no mail. Real time, real pacing.
 */
export interface MailFigure {
  name: string;
  value: string;
  measures: string;
}

const festivalSize = 216;
const ratePerSecond = 10;
const orchestraBaseUrl = 'https://bench.orchestra.example.org';

interface MailBenchServer {
  databases: Record<'festival' | 'emergency' | 'quiet', Database>;
  mailDir: string;
  dispose(): Promise<void>;
}

async function startMailBenchServer(): Promise<MailBenchServer> {
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-mail-bench-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(folder, 0o755);
  let server: EmbeddedPostgresServer | undefined;
  const opened: Database[] = [];
  let disposed = false;
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    for (const db of opened) await db.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    process.off('exit', removeFolder);
  };
  process.once('exit', removeFolder);
  try {
    server = await launchEmbeddedPostgres({ databaseDir: join(folder, 'data'), password: randomBytes(18).toString('base64url'), persistent: false });
    const connection = { host: server.host, port: server.port, user: server.superuser, password: server.password };
    const admin = createPgDatabase({ ...connection, database: 'postgres', max: 1 });
    const databases = {} as MailBenchServer['databases'];
    try {
      for (const name of ['festival', 'emergency', 'quiet'] as const) {
        await admin.query(`CREATE DATABASE bench_${name}`);
        const db = createPgDatabase({ ...connection, database: `bench_${name}`, max: 4 });
        opened.push(db);
        await migrate(db, 'orchestra');
        await seedOrchestra(db, { orchestraName: `Bänk ${name}`, replyTo: `kansli@${name}.example.org` });
        databases[name] = db;
      }
    } finally {
      await admin.close();
    }
    return { databases, mailDir: join(folder, 'mail'), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A project with one need on a custom list of `musicians`, sent as the admin's send would: its request emails wait in the outbox. */
async function sendNeed(db: Database, label: string, need: { strategy: 'first_come' | 'sequential'; musicians: number; responseHours: number }): Promise<string[]> {
  const { rows: positions } = await db.query<{ id: string }>(`SELECT id FROM positions WHERE name = 'Tutti violin 1'`);
  const positionId = positions[0].id;
  const { rows: projects } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week) VALUES (:name, '2027-06-14', extract(week FROM '2027-06-14'::date)) RETURNING id`,
    { name: `Projekt ${label}` },
  );
  const projectId = projects[0].id;
  const { rows: lists } = await db.query<{ id: string }>(
    `INSERT INTO ranking_lists (position_id, kind, project_id) VALUES (:positionId::uuid, 'custom', :projectId::uuid) RETURNING id`,
    { positionId, projectId },
  );
  const { rows: musicians } = await db.query<{ id: string; email: string }>(
    `INSERT INTO musicians (first_name, last_name, email)
     SELECT 'Musiker' || n, :label, :label || '-' || n || '@bench.example.org' FROM generate_series(1, :count::int) AS n ORDER BY n
     RETURNING id, email`,
    { label, count: need.musicians },
  );
  const ids = musicians.map((m) => m.id);
  await db.query(`INSERT INTO musician_qualifications (musician_id, position_id) SELECT value::uuid, :positionId::uuid FROM jsonb_array_elements_text(:ids::jsonb)`, {
    ids,
    positionId,
  });
  await db.query(
    `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
     SELECT :listId::uuid, :positionId::uuid, e.value::uuid, e.ordinality::int FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS e`,
    { ids, listId: lists[0].id, positionId },
  );
  await db.query(
    `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours)
     VALUES (:projectId::uuid, :positionId::uuid, :listId::uuid, 1, :strategy, :wave::int, :hours::int)`,
    { projectId, positionId, listId: lists[0].id, strategy: need.strategy, wave: need.strategy === 'first_come' ? need.musicians : null, hours: need.responseHours },
  );
  await db.transaction((tx) => topUpNeeds(tx, { clock: systemClock, orchestraBaseUrl }, projectId, { mode: 'send' }));
  return musicians.map((m) => m.email);
}

export async function runMailBench(): Promise<MailFigure[]> {
  const server = await startMailBenchServer();
  try {
    const { festival, emergency, quiet } = server.databases;
    await sendNeed(festival, 'festival', { strategy: 'first_come', musicians: festivalSize, responseHours: 48 });
    const [urgent] = await sendNeed(emergency, 'emergency', { strategy: 'sequential', musicians: 2, responseHours: 2 });

    const mailbox = createMailboxMailer({ directory: server.mailDir });
    const sends: { to: string; at: number }[] = [];
    const mailer = {
      async send(email: Parameters<typeof mailbox.send>[0]) {
        const sent = await mailbox.send(email);
        sends.push({ to: email.to[0], at: performance.now() });
        return sent;
      },
    };
    const delivery = startMailDelivery({ mailer, clock: systemClock, ratePerSecond, workers: deliveryWorkers(ratePerSecond) });
    const start = performance.now();
    for (const [name, db] of Object.entries(server.databases)) {
      await delivery.add({
        name,
        db,
        orchestraId: `bench-${name}`,
        sender: async () => ({ from: `"Bänk ${name}" <no-reply@bench.example.org>` }),
      });
    }
    delivery.start();
    delivery.close();
    const report = await delivery.done;
    // Sends per second between the first and the last: the pacing itself, without the claim before the first.
    const elapsedS = (sends.at(-1)!.at - sends[0].at) / 1000;
    const urgentAt = sends.findIndex((s) => s.to === urgent);
    const { rows } = await quiet.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`);
    return [
      {
        name: 'throughput, one orchestra with the mail',
        value: `${((report.sent - 1) / elapsedS).toFixed(2)} emails/s`,
        measures: `${report.sent} emails (${festivalSize} festival + 1 emergency, ${rows[0].n} in the third orchestra), first to last in ${elapsedS.toFixed(1)} s, at a budget of ${ratePerSecond}/s with ${deliveryWorkers(ratePerSecond)} workers, mailbox mailer`,
      },
      {
        name: 'emergency request, 2 h, queued last',
        value: `#${urgentAt + 1}, after ${((sends[urgentAt].at - start) / 1000).toFixed(2)} s`,
        measures: `its place among the ${report.sent} sends and its wait from the start of delivery (behind a 48 h festival queued before it, in another orchestra)`,
      },
    ];
  } finally {
    await server.dispose();
  }
}
