import { performance } from 'node:perf_hooks';
import { previewProject } from '../shared/app/engine/preview-project';
import { refillProject, type RefillDeps } from '../shared/app/engine/refill-needs';
import { answerRequest } from '../shared/app/engine/respond-answer';
import { readRespondView, requireRequestIdByToken } from '../shared/app/engine/respond-view';
import { runEngineTick } from '../shared/app/engine/run-engine-tick';
import { sendProject } from '../shared/app/engine/send-project';
import { deliverOutbox } from '../shared/app/mail/deliver-outbox';
import type { Clock } from '../shared/ports/clock';
import type { Database } from '../shared/ports/database';
import { countingDatabase, type CountingDatabase } from './counting-database';
import { benchShape, generateBenchOrchestra, generateSequentialProjects, startBenchDatabase, type BenchProject } from './engine-fixture';

/**
 * The request engine's figures (issue 4, "Benchmarks") on a generated orchestra, through the real use cases
 * and the pg adapter on an embedded PostgreSQL 17. Statements are counted by a wrapping Database.
 */
export interface EngineFigure {
  name: string;
  ms: number;
  statements: string;
  transactions: string;
  result: string;
  measures: string;
}

export interface EngineBench {
  setupMs: number;
  figures: EngineFigure[];
}

const answerRuns = 5;
const previewRuns = 5;
const dueReminders = 1000;
/** 75 % (the default reminder percentage) of 48 h is 36 h: at 37 h every request is due, none timed out. */
const tickOffsetMs = 37 * 3_600_000;
/**
 * Due timeouts at a tick, on sequential needs (each timeout asks the next on the list). The refill runs per
 * project, so the same 500 timeouts are measured spread over a few busy projects and over one need per project.
 */
const timeoutShapes = [
  { projects: 20, needsPerProject: 25 },
  { projects: 500, needsPerProject: 1 },
] as const;
/** Past the 48 h response time of requests sent at the current offset. */
const pastDeadlineMs = 49 * 3_600_000;
const orchestraBaseUrl = 'https://bench.orchestra.example.org';
const actor = { userId: '00000000-0000-4000-8000-000000000001', email: 'admin@bench.example.org' };

/** Real time, moved forward by hand for the tick (the database stamps rows with its own now()). */
class BenchClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[]) => {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min}–${max}`;
};

async function measured<T>(db: CountingDatabase, fn: () => Promise<T>): Promise<{ value: T; ms: number; statements: number; transactions: number }> {
  db.reset();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  return { value, ms, ...db.counts() };
}

/** The newest response link of a request, read from its email as the musician would click it. */
async function linkToken(db: Database, requestId: string): Promise<string> {
  const { rows } = await db.query<{ text_body: string }>(
    `SELECT text_body FROM outbox WHERE request_id = :requestId::uuid AND kind IN ('request', 'reminder') ORDER BY created_at DESC LIMIT 1`,
    { requestId },
  );
  const match = /\/respond\/([A-Za-z0-9_-]+)/.exec(rows[0]?.text_body ?? '');
  if (!match) throw new Error(`no response link in the email of request ${requestId}`);
  return match[1];
}

/** One pending request in each of the first `count` needs of the strategy. */
async function pendingRequests(db: Database, project: BenchProject, strategy: string, count: number): Promise<string[]> {
  const needIds = project.needs.filter((n) => n.strategy === strategy).map((n) => n.id);
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT ON (need_id) id FROM requests
      WHERE need_id IN (SELECT jsonb_array_elements_text(:needIds::jsonb)::uuid) AND status = 'pending'
      ORDER BY need_id, rank_at_send`,
    { needIds },
  );
  if (rows.length < count) throw new Error(`only ${rows.length} pending ${strategy} requests to answer`);
  return rows.slice(0, count).map((r) => r.id);
}

/** What POST /api/respond/{token} does (functions/respond/handlers.ts): find, answer, refill after a no, read the page. */
/**
 * The tick with only `shape`'s requests past their deadline: earlier pending requests get a far deadline and
 * count as reminded, the shape's projects are sent, and the clock moves past their deadline.
 */
async function timeoutTickFigure(
  server: { db: Database },
  db: CountingDatabase,
  deps: RefillDeps & { clock: BenchClock },
  shape: (typeof timeoutShapes)[number],
): Promise<EngineFigure> {
  await server.db.query(
    `UPDATE requests SET deadline_at = deadline_at + interval '365 days', reminded_at = COALESCE(reminded_at, sent_at + interval '1 minute')
      WHERE status = 'pending'`,
  );
  const projectIds = await generateSequentialProjects(server.db, shape.projects, shape.needsPerProject);
  for (const projectId of projectIds) await sendProject(server.db, deps, actor, projectId, {});
  await deliverEverything(server.db, deps.clock);
  deps.clock.offsetMs += pastDeadlineMs;
  const tick = await measured(db, () => runEngineTick(db, deps));
  if (tick.value.errors.length > 0) throw new Error(`tick errors: ${tick.value.errors.join('; ')}`);
  const { rows } = await server.db.query<{ asked: number; projects: number }>(
    `SELECT count(*)::int AS asked, count(DISTINCT project_id)::int AS projects FROM requests
      WHERE status = 'pending' AND project_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:projectIds::jsonb))`,
    { projectIds },
  );
  const due = shape.projects * shape.needsPerProject;
  return {
    name: `tick, ${due} timeouts / ${shape.projects} projects`,
    ms: tick.ms,
    statements: String(tick.statements),
    transactions: String(tick.transactions),
    result: `${tick.value.timedOut} timed out, ${rows[0].asked} asked next in ${rows[0].projects} projects`,
    measures: `runEngineTick with ${due} due timeouts on sequential needs (${shape.needsPerProject} per project): claim, stalled-need sweep, one refill transaction per project`,
  };
}

/**
 * Hands every due email to a mail service that takes it at once, as the tick does within a minute of a send: a
 * request's response time, its reminder and its timeout run only from its email's delivery (SPEC §3.5).
 */
async function deliverEverything(db: Database, clock: Clock): Promise<void> {
  const mailer = { send: async () => ({ messageId: 'bench' }) };
  await deliverOutbox(db, { mailer, from: 'bench@bench.example.org', clock, orchestraId: 'bench', maxPerSecond: 1_000_000, sleep: async () => undefined });
}

async function answerLikeTheLink(db: Database, deps: RefillDeps, token: string, answer: 'yes' | 'no'): Promise<string> {
  const requestId = await requireRequestIdByToken(db, token);
  const result = await answerRequest(db, requestId, answer, deps.clock.now());
  if (result.refill) await refillProject(db, deps, result.refill.projectId, [result.refill.needId]);
  const view = await readRespondView(db, requestId, deps.clock.now());
  return view.state;
}

export async function runEngineBench(): Promise<EngineBench> {
  const setupStart = performance.now();
  const server = await startBenchDatabase();
  try {
    const project = await generateBenchOrchestra(server.db);
    const setupMs = performance.now() - setupStart;
    const db = countingDatabase(server.db);
    const clock = new BenchClock();
    const deps: RefillDeps = { clock, orchestraBaseUrl };
    const figures: EngineFigure[] = [];
    const shape = `${benchShape.musicians} musicians, ${benchShape.needs} needs, lists of ${benchShape.listLength}`;

    // Preview: one warm-up (plans, JIT, connections), then the median of the measured runs.
    const warm = await previewProject(db, project.projectId);
    const previews = [];
    for (let i = 0; i < previewRuns; i++) previews.push(await measured(db, () => previewProject(db, project.projectId)));
    const asks = warm.needs.reduce((sum, n) => sum + n.asks.length, 0);
    const skips = warm.needs.reduce((sum, n) => sum + n.skipped.length, 0);
    figures.push({
      name: 'preview (whole project)',
      ms: median(previews.map((p) => p.ms)),
      statements: spread(previews.map((p) => p.statements)),
      transactions: spread(previews.map((p) => p.transactions)),
      result: `${asks} asks, ${skips} skips`,
      measures: `previewProject, median of ${previewRuns} after a warm-up; ${shape}`,
    });

    const send = await measured(db, () => sendProject(db, deps, actor, project.projectId, { fingerprint: warm.fingerprint }));
    figures.push({
      name: 'send (whole project)',
      ms: send.ms,
      statements: String(send.statements),
      transactions: String(send.transactions),
      result: `${send.value.requests.length} requests`,
      measures: 'sendProject with the preview fingerprint: lock, plan, requests + emails in the outbox, audit; one run',
    });

    const answerFigure = async (answer: 'yes' | 'no', strategy: string, what: string) => {
      const runs = [];
      const states = new Set<string>();
      const countRequests = async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`)).rows[0].n;
      const before = await countRequests();
      for (const requestId of await pendingRequests(db, project, strategy, answerRuns)) {
        const token = await linkToken(db, requestId);
        const run = await measured(db, () => answerLikeTheLink(db, deps, token, answer));
        states.add(run.value);
        runs.push(run);
      }
      const asked = (await countRequests()) - before;
      figures.push({
        name: `answer ${answer}`,
        ms: median(runs.map((r) => r.ms)),
        statements: spread(runs.map((r) => r.statements)),
        transactions: spread(runs.map((r) => r.transactions)),
        result: `page ${[...states].join(', ')}; ${asked} asked next`,
        measures: `POST /api/respond/{token} use cases (token lookup, answer, ${what}, page); median of ${answerRuns}, each on another need`,
      });
    };
    await answerFigure('yes', 'parallel', 'a parallel need of 3 seats, not yet full');
    await answerFigure('no', 'sequential', 'then the refill asking the next on a sequential need');

    // Exactly 1,000 reminders due at the tick: any further pending requests count as already reminded.
    await deliverEverything(server.db, clock);
    clock.offsetMs = tickOffsetMs;
    const { rows: pending } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE status = 'pending'`);
    if (pending[0].n < dueReminders) throw new Error(`only ${pending[0].n} pending requests; the tick needs ${dueReminders}`);
    await server.db.query(
      `UPDATE requests SET reminded_at = sent_at + interval '1 minute'
        WHERE id IN (SELECT id FROM requests WHERE status = 'pending' ORDER BY sent_at DESC, code DESC LIMIT :extra::int)`,
      { extra: pending[0].n - dueReminders },
    );
    const tick = await measured(db, () => runEngineTick(db, deps));
    if (tick.value.errors.length > 0) throw new Error(`tick errors: ${tick.value.errors.join('; ')}`);
    figures.push({
      name: 'tick, engine phase',
      ms: tick.ms,
      statements: String(tick.statements),
      transactions: String(tick.transactions),
      result: `${tick.value.reminded} reminded, ${tick.value.timedOut} timed out`,
      measures: `runEngineTick with ${dueReminders} due reminders (new link + email in the outbox each) and the timeout sweep; outbox delivery not included`,
    });
    for (const shape of timeoutShapes) figures.push(await timeoutTickFigure(server, db, { ...deps, clock }, shape));
    return { setupMs, figures };
  } finally {
    await server.dispose();
  }
}
