import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrateAllTasks, type MigrateAllPlaceholder } from '../../functions/workflow/migrate-all-tasks';
import type { WorkflowStep } from '../../functions/workflow/workflow-step';
import { readLocalConfig } from '../../infra/local/local-config';
import { createLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { createLocalWorkflows, runMigrateAll } from '../../infra/local/local-workflows';
import { readWorkflowDefinition, workflowPlaceholders } from '../../infra/local/workflow-runner';
import { dropOrchestraDatabase, orchestraDatabaseName, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { activateOrchestra, createOrchestraDatabase, registerOrchestra } from '../../shared/app/provisioning/provisioning-steps';
import { listMigrations } from '../../shared/db/migrate';
import { SqlError, type Database } from '../../shared/ports/database';
import type { OrchestraRecord } from '../../shared/tenancy/orchestra-registry';
import { TestClock } from '../support/test-clock';
import { adminConnection, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The migrate-all workflow: the very ASL file CDK deploys, run by aws-local-stepfunctions over real
 * orchestra databases. Orchestras are made without their migrations, so each run has real work to do.
 */
const secretPrefix = 'test/orchestras/';
let controlDb: TestDatabase;
let admin: { pg: Database };
let runtime: LocalRuntime;
let dataDir: string;
const suffix = randomBytes(3).toString('hex');
const made: string[] = [];
let counter = 0;
let allFiles: string[];

async function unmigratedOrchestra(): Promise<OrchestraRecord> {
  counter += 1;
  const subdomain = `mig${counter}-${suffix}`;
  made.push(subdomain);
  const registered = await registerOrchestra(runtime.control, { name: `Orkester ${counter}`, subdomain, contactEmail: `office@${subdomain}.example.org`, plan: 'small' }, secretPrefix);
  const secretRef = await createOrchestraDatabase(runtime.control, runtime.admin, runtime.secrets, registered, { host: runtime.server.host, port: runtime.server.port });
  await activateOrchestra(runtime.control, registered.id, new Date());
  return { ...registered, secretRef, status: 'active' };
}

async function newRun(): Promise<string> {
  const { rows } = await runtime.control.query<{ id: string }>(`INSERT INTO migration_runs DEFAULT VALUES RETURNING id::text AS id`);
  return rows[0].id;
}

async function results(runId: string) {
  const { rows } = await runtime.control.query<{ orchestraId: string; status: string; applied: string[]; error: string | null; toVersion: string | null }>(
    `SELECT orchestra_id::text AS "orchestraId", status, applied, error, to_version AS "toVersion" FROM migration_run_results WHERE run_id = :id::uuid`,
    { id: runId },
  );
  return new Map(rows.map((r) => [r.orchestraId, r]));
}

async function runStatus(runId: string): Promise<string> {
  const { rows } = await runtime.control.query<{ status: string }>(`SELECT status FROM migration_runs WHERE id = :id::uuid`, { id: runId });
  return rows[0].status;
}

async function retire(orchestras: OrchestraRecord[]): Promise<void> {
  // Later runs list every active orchestra of this control database: retired ones stay out of them.
  for (const o of orchestras) await runtime.control.query(`UPDATE orchestras SET status = 'archived' WHERE id = :id::uuid`, { id: o.id });
}

function run(runId: string, wrapStep?: (placeholder: MigrateAllPlaceholder, step: WorkflowStep) => WorkflowStep) {
  return runMigrateAll(runtime, { runId }, { secretPrefix, retryIntervalMs: 0, wrapStep });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orchestra-migrate-all-'));
  controlDb = await createTestDatabase('control');
  const connection = await adminConnection();
  admin = connection;
  const config = readLocalConfig({ DATA_DIR: dataDir, PORT: '3000', LOG_LEVEL: 'SILENT' });
  runtime = await createLocalRuntime(config, connection.server, { control: controlDb.pg, clock: new TestClock() });
  allFiles = (await listMigrations('orchestra')).map((f) => f.fileName);
});

afterAll(async () => {
  await runtime?.close();
  for (const subdomain of made) {
    await dropOrchestraDatabase(admin.pg, orchestraDatabaseName(subdomain), orchestraLoginName(subdomain)).catch(() => undefined);
  }
  await admin?.pg.close();
  await controlDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('migrate-all.asl.json', () => {
  type State = { Type: string; Resource?: string; MaxConcurrency?: number; ResultPath?: unknown; Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[]; Catch?: { Next: string }[]; ItemProcessor?: { ProcessorConfig?: object; States: Record<string, State> } };
  const definition = readWorkflowDefinition('migrate-all') as unknown as { States: Record<string, State> };

  it('names exactly the placeholders that have a step, and fans out with bounded concurrency and a Catch per orchestra that records it', () => {
    expect(workflowPlaceholders(definition).sort()).toEqual(Object.keys(migrateAllTasks).sort());
    const map = definition.States.MigrateEach;
    // A Distributed Map: each orchestra a child execution, so the run's history does not grow with them.
    expect(map).toMatchObject({ Type: 'Map', MaxConcurrency: 4, ResultPath: null, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } } });
    const migrate = map.ItemProcessor!.States.MigrateOrchestra;
    const caught = migrate.Catch!.map((c) => map.ItemProcessor!.States[c.Next]);
    expect(caught.map((s) => [s.Type, s.Resource])).toEqual([['Task', '${RecordReportFunctionArn}']]);
  });

  it('retries Lambda faults and timeouts in every Task: each step is right even while an earlier run still goes', () => {
    const all = [...Object.values(definition.States), ...Object.values(definition.States.MigrateEach.ItemProcessor!.States)].filter((s) => s.Type === 'Task');
    expect(all).toHaveLength(5);
    for (const task of all) {
      const errors = task.Retry!.flatMap((r) => r.ErrorEquals);
      expect(errors).toEqual(expect.arrayContaining(['TransientError', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Sandbox.Timedout', 'States.Timeout']));
      expect(task.Retry!.find((r) => r.ErrorEquals.includes('States.Timeout'))?.MaxAttempts).toBe(1);
    }
  });
});

describe('migrate-all workflow', () => {
  it('migrates every active orchestra, at most four at a time, and reports each; a second run applies nothing', async () => {
    const orchestras = await Promise.all([1, 2, 3, 4, 5].map(() => unmigratedOrchestra()));
    const runId = await newRun();
    let inFlight = 0;
    let most = 0;
    const counting = (placeholder: MigrateAllPlaceholder, step: WorkflowStep): WorkflowStep => {
      if (placeholder !== 'MigrateOrchestraFunctionArn') return step;
      return async (input, deps) => {
        most = Math.max(most, ++inFlight);
        try {
          return await step(input, deps);
        } finally {
          inFlight -= 1;
        }
      };
    };
    const result = await run(runId, counting);
    expect(result.status).toBe('SUCCEEDED');
    expect(most).toBeLessThanOrEqual(4);
    expect(result.output).toMatchObject({ report: { succeeded: 5, failed: 0 } });

    const report = await results(runId);
    const latest = allFiles[allFiles.length - 1].slice(0, 4);
    for (const o of orchestras) expect(report.get(o.id)).toMatchObject({ status: 'succeeded', applied: allFiles, toVersion: latest, error: null });
    expect(await runStatus(runId)).toBe('succeeded');
    const { rows } = await runtime.control.query<{ v: string | null }>(`SELECT DISTINCT schema_version AS v FROM orchestras WHERE status = 'active'`);
    expect(rows).toEqual([{ v: latest }]);
    const db = await runtime.orchestraDatabase(orchestras[0]);
    const { rows: tables } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'musicians'`);
    expect(tables[0].n).toBe(1);

    const again = await newRun();
    expect((await run(again)).status).toBe('SUCCEEDED');
    for (const o of orchestras) expect((await results(again)).get(o.id)).toMatchObject({ status: 'succeeded', applied: [] });
    await retire(orchestras);
  });

  it('reports a broken orchestra as failed while the others are migrated', async () => {
    const [first, broken, last] = [await unmigratedOrchestra(), await unmigratedOrchestra(), await unmigratedOrchestra()];
    // A table in the way: the first migration cannot create it, for good (no retry mends this).
    const brokenDb = await runtime.orchestraDatabase(broken);
    await brokenDb.query(`CREATE TABLE musicians (id integer)`);
    const runId = await newRun();

    const result = await run(runId);
    // The execution fails so the operator's workflow alarm fires; the report was recorded first.
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrchestrasNotMigrated' });
    const report = await results(runId);
    expect(report.get(first.id)).toMatchObject({ status: 'succeeded', applied: allFiles });
    expect(report.get(last.id)).toMatchObject({ status: 'succeeded', applied: allFiles });
    expect(report.get(broken.id)).toMatchObject({ status: 'failed', applied: [], error: expect.stringMatching(/musicians.*already exists/) });
    expect(await runStatus(runId)).toBe('failed');
    const { rows } = await runtime.control.query<{ v: string | null }>(`SELECT schema_version AS v FROM orchestras WHERE id = :id::uuid`, { id: broken.id });
    expect(rows[0].v).toBeNull();
    await retire([first, broken, last]);
  });

  it('retries a transient fault of one orchestra to success', async () => {
    const orchestra = await unmigratedOrchestra();
    const runId = await newRun();
    let calls = 0;
    const flaky = (placeholder: MigrateAllPlaceholder, step: WorkflowStep): WorkflowStep => {
      if (placeholder !== 'MigrateOrchestraFunctionArn') return step;
      return async (input, deps) => {
        calls += 1;
        if (calls === 1) throw new SqlError('could not serialize access due to concurrent update', '40001');
        return step(input, deps);
      };
    };
    expect((await run(runId, flaky)).status).toBe('SUCCEEDED');
    expect(calls).toBe(2);
    expect((await results(runId)).get(orchestra.id)).toMatchObject({ status: 'succeeded', applied: allFiles });
    await retire([orchestra]);
  });

  it('ends the run failed when the orchestras cannot even be listed', async () => {
    const runId = await newRun();
    const failing = (placeholder: MigrateAllPlaceholder, step: WorkflowStep): WorkflowStep =>
      placeholder === 'ListOrchestrasFunctionArn' ? async () => Promise.reject(new Error('control database gone')) : step;
    const result = await run(runId, failing);
    expect(result).toMatchObject({ status: 'FAILED', error: 'MigrateAllFailed' });
    expect(await runStatus(runId)).toBe('failed');
  });

  it('keeps its state small for thousands of orchestras: pages of ids, no results in the state, each outcome in the control database', async () => {
    const count = 2500;
    const tag = randomBytes(3).toString('hex');
    // Registry rows only: the migration itself is stood in for below, so no database per orchestra is needed.
    const { rows: many } = await runtime.control.query<{ id: string }>(
      `INSERT INTO orchestras (code, name, subdomain, contact_email, plan, database_name, secret_ref, status)
       SELECT 'MANY' || :tag || n, 'Orkester ' || n, 'many' || n || '-' || :tag, 'office@example.org', 'small', 'orch_many' || n || '_' || :tag, 'none-' || n || '-' || :tag, 'active'
         FROM generate_series(1, :count::int) AS n
       RETURNING id::text AS id`,
      { tag, count },
    );
    // Later tests list every active orchestra: these leave the registry's active set whatever happens here.
    onTestFinished(() => runtime.control.query(`UPDATE orchestras SET status = 'archived' WHERE code LIKE :pattern`, { pattern: `MANY${tag}%` }).then(() => undefined));
    const broken = new Set(many.filter((_, i) => i % 100 === 7).map((o) => o.id));
    const runId = await newRun();
    const standIn = (placeholder: MigrateAllPlaceholder, step: WorkflowStep): WorkflowStep => {
      if (placeholder !== 'MigrateOrchestraFunctionArn') return step;
      return async (input, deps) => {
        const { orchestraId } = input as { orchestraId: string };
        if (broken.has(orchestraId)) throw new Error(`relation "musicians" already exists in ${orchestraId}`);
        await deps.control.query(
          `INSERT INTO migration_run_results (run_id, orchestra_id, status, applied, finished_at) VALUES (:runId::uuid, :orchestraId::uuid, 'succeeded', '[]'::jsonb, now())`,
          { runId, orchestraId },
        );
        return { orchestraId, status: 'succeeded', applied: [] };
      };
    };
    let largest = 0;
    let listed = 0;
    const result = await runMigrateAll(runtime, { runId }, {
      secretPrefix,
      retryIntervalMs: 0,
      wrapStep: standIn,
      onStateExited: ({ name, input, output }) => {
        largest = Math.max(largest, JSON.stringify(input ?? null).length, JSON.stringify(output ?? null).length);
        if (name === 'ListOrchestras') listed += 1;
      },
    });
    // The old shape (every item and every result in one state) was ~0.5 MB here, beyond the 256 KB limit.
    expect(largest).toBeLessThan(32 * 1024);
    // Five full pages, then an empty one: a full page cannot know it was the last.
    expect(listed).toBe(Math.floor(count / 500) + 1);
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrchestrasNotMigrated' });
    // Which failed and why: the superadmin's run page reads these rows.
    const report = await results(runId);
    expect(report.size).toBe(count);
    const failed = [...report.values()].filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.orchestraId).sort()).toEqual([...broken].sort());
    for (const r of failed) expect(r.error).toBe(`Error: relation "musicians" already exists in ${r.orchestraId}`);
    const { rows } = await runtime.control.query<{ status: string }>(`SELECT status FROM migration_runs WHERE id = :id::uuid`, { id: runId });
    expect(rows[0].status).toBe('failed');
  });

  it('runs in the background through the local Workflows adapter, its steps visible', async () => {
    const orchestra = await unmigratedOrchestra();
    const workflows = createLocalWorkflows(runtime, { secretPrefix, retryIntervalMs: 0 });
    const runId = await newRun();
    const { executionId } = await workflows.startMigrateAll({ runId });
    await workflows.settled(executionId);
    const execution = (await workflows.describe(executionId))!;
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps.map((s) => [s.step, s.status])).toEqual([
      ['ListOrchestras', 'succeeded'],
      ['MigrateOrchestra', 'succeeded'],
      ['RecordReport', 'succeeded'],
    ]);
    expect((await results(runId)).get(orchestra.id)).toMatchObject({ status: 'succeeded' });
    await retire([orchestra]);
  });
});
