import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProvisionOrchestraPlaceholder } from '../../functions/workflow/provision-orchestra-tasks';
import { inviteFirstAdminStep } from '../../functions/workflow/invite-first-admin';
import type { WorkflowStep } from '../../functions/workflow/workflow-step';
import { readLocalConfig } from '../../infra/local/local-config';
import { createLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { createLocalWorkflows, localStepRuntime, runProvisioning, type StepRuntimeFactory } from '../../infra/local/local-workflows';
import { databaseExists, dropOrchestraDatabase, ensureOrchestraLogin, orchestraDatabaseName, orchestraLoginName, roleExists } from '../../shared/app/provisioning/orchestra-database-sql';
import { describeCaughtError, toWorkflowError, TransientError } from '../../shared/app/provisioning/step-errors';
import { exportOrchestra } from '../../shared/app/superadmin/orchestra-backup';
import { latestVersion, listMigrations, migrate } from '../../shared/db/migrate';
import { backupKey } from '../../shared/domain/backup-key';
import { runTick } from '../../shared/app/jobs/run-tick';
import { summarizeSteps } from '../../shared/domain/workflow-progress';
import { SqlError, type Database } from '../../shared/ports/database';
import { SecretBeingDeletedError, SecretNotFoundError, type DatabaseCredentials, type Secrets } from '../../shared/ports/secrets';
import type { WorkflowRuntime } from '../../shared/runtime/workflow-runtime';
import type { ProvisionOrchestraInput } from '../../shared/schemas/provisioning';
import { findOrchestraBySubdomain } from '../../shared/tenancy/orchestra-registry';
import { TestClock } from '../support/test-clock';
import { adminConnection, createTestDatabase, dataApiDatabaseFor, testServer, type TestConnection, type TestDatabase } from '../support/test-database';

/**
 * The provisioning workflow: the very ASL file CDK deploys, run by aws-local-stepfunctions, each Task
 * served by its real step over a real PostgreSQL. Faults are injected around the real steps: a fault
 * AFTER the step did its work is what a lost Lambda response looks like, so a retry must be harmless and
 * a rollback must find something to undo.
 */
const secretPrefix = 'test/orchestras/';
const steps = ['Validate', 'CreateDatabase', 'Migrate', 'Seed', 'MigrateToLatest', 'Activate', 'InviteAdmin'] as const;
type Step = (typeof steps)[number];
const placeholderOf: Record<Step, ProvisionOrchestraPlaceholder> = {
  Validate: 'ValidateFunctionArn',
  CreateDatabase: 'CreateDatabaseFunctionArn',
  Migrate: 'MigrateFunctionArn',
  Seed: 'SeedFunctionArn',
  MigrateToLatest: 'MigrateFunctionArn',
  Activate: 'ActivateFunctionArn',
  InviteAdmin: 'InviteAdminFunctionArn',
};

type Fault = { step: Step; kind: 'transient-once' | 'transient-always' | 'permanent' };

let controlDb: TestDatabase;
let admin: { pg: Database };
let runtime: LocalRuntime;
let dataDir: string;
const suffix = randomBytes(3).toString('hex');
const made: string[] = [];
let counter = 0;

function newInput(): ProvisionOrchestraInput {
  counter += 1;
  const subdomain = `wf${counter}-${suffix}`;
  made.push(subdomain);
  return {
    name: `Orkester ${counter}`,
    subdomain,
    contactEmail: `office@${subdomain}.example.org`,
    plan: 'small',
    adminEmail: `first.admin@${subdomain}.example.org`,
    adminName: 'Första Admin',
  };
}

/**
 * The state a step runs in: Migrate and MigrateToLatest share their function, and only Migrate's
 * parameters name a restoreFrom (null for the standard seed).
 */
function stateOf(placeholder: ProvisionOrchestraPlaceholder, input: unknown): Step | undefined {
  if (placeholder === 'MigrateFunctionArn') return Object.hasOwn(input as object, 'restoreFrom') ? 'Migrate' : 'MigrateToLatest';
  return steps.find((s) => placeholderOf[s] === placeholder);
}

/** Wraps the faulty step: it does its real work, then fails (a SqlError 40001 is transient, a plain Error is not). */
function injecting(fault: Fault | undefined) {
  let calls = 0;
  return (placeholder: ProvisionOrchestraPlaceholder, step: WorkflowStep): WorkflowStep => {
    if (!fault || placeholderOf[fault.step] !== placeholder) return step;
    return async (input, deps) => {
      const output = await step(input, deps);
      if (stateOf(placeholder, input) !== fault.step) return output;
      calls += 1;
      if (fault.kind === 'permanent') throw new Error(`injected permanent fault in ${fault.step}`);
      if (fault.kind === 'transient-always' || calls === 1) throw new SqlError('could not serialize access due to concurrent update', '40001');
      return output;
    };
  };
}

function provision(input: unknown, fault?: Fault, stepRuntime?: StepRuntimeFactory) {
  return runProvisioning(runtime, input, { secretPrefix, retryIntervalMs: 0, wrapStep: injecting(fault), stepRuntime });
}

/** Every step's databases (control, cluster admin, the orchestra's own) through the Data API adapter, as in AWS. */
const viaDataApi: StepRuntimeFactory = () => {
  const server = testServer();
  const opened: Database[] = [];
  const open = (connection: TestConnection) => {
    const db = dataApiDatabaseFor(connection);
    opened.push(db);
    return db;
  };
  const deps: WorkflowRuntime = {
    ...localStepRuntime(runtime, secretPrefix).deps,
    control: open(controlDb.connection),
    admin: open({ host: server.host, port: server.port, user: server.superuser, password: server.password, database: 'postgres' }),
    async orchestraDatabase(orchestra) {
      const c = await runtime.secrets.get<DatabaseCredentials>(orchestra.secretRef);
      return open({ host: server.host, port: server.port, user: c.username, password: c.password, database: c.dbname });
    },
    // Through the Data API a secret needs no host: the cluster is named by its ARN.
    databaseServer: {},
  };
  return {
    deps,
    async close() {
      for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    },
  };
};

async function secretExists(subdomain: string): Promise<boolean> {
  try {
    await runtime.secrets.get(`${secretPrefix}${subdomain}`);
    return true;
  } catch (error) {
    if (error instanceof SecretNotFoundError) return false;
    throw error;
  }
}

async function leftovers(subdomain: string) {
  return {
    database: await databaseExists(admin.pg, orchestraDatabaseName(subdomain)),
    login: await roleExists(admin.pg, orchestraLoginName(subdomain)),
    secret: await secretExists(subdomain),
  };
}

async function registryRow(subdomain: string) {
  const { rows } = await runtime.control.query<{ status: string; failedStep: string | null; failureCause: string | null; schemaVersion: string | null }>(
    `SELECT status, failed_step AS "failedStep", failure_cause AS "failureCause", schema_version AS "schemaVersion" FROM orchestras WHERE subdomain = :subdomain`,
    { subdomain },
  );
  return rows[0] ?? null;
}

async function databasesNamedFor(subdomain: string): Promise<number> {
  const { rows } = await admin.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE :pattern`, {
    pattern: `%${orchestraDatabaseName(subdomain)}%`,
  });
  return rows[0].n;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orchestra-workflow-'));
  controlDb = await createTestDatabase('control');
  const connection = await adminConnection();
  admin = connection;
  const config = readLocalConfig({ DATA_DIR: dataDir, PORT: '3000', LOG_LEVEL: 'SILENT' });
  runtime = await createLocalRuntime(config, connection.server, { control: controlDb.pg, clock: new TestClock() });
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

describe('provisioning workflow: happy path', () => {
  it('creates an active, migrated, seeded orchestra whose first admin is invited by email', async () => {
    const input = newInput();
    const result = await provision(input);
    expect(result.status).toBe('SUCCEEDED');

    const row = await registryRow(input.subdomain);
    expect(row).toMatchObject({ status: 'active', failedStep: null, failureCause: null });
    expect(row!.schemaVersion).toMatch(/^\d{4}$/);
    expect(await leftovers(input.subdomain)).toEqual({ database: true, login: true, secret: true });

    // The orchestra's own login reaches its own database, which holds the standard orchestra.
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const own = await runtime.orchestraDatabase(record);
    const { rows: instruments } = await own.query<{ n: number }>(`SELECT count(*)::int AS n FROM instruments`);
    expect(instruments[0].n).toBeGreaterThan(10);
    const { rows: owners } = await own.query<{ owner: string }>(`SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`);
    expect(owners).toEqual([{ owner: orchestraLoginName(input.subdomain) }]);

    // The first admin: an account without a password, and one invitation through the outbox to the mailbox.
    const { rows: users } = await runtime.control.query<{ role: string; hasPassword: boolean; name: string }>(
      `SELECT role, password_hash IS NOT NULL AS "hasPassword", name FROM users WHERE email = :email`,
      { email: input.adminEmail },
    );
    expect(users).toEqual([{ role: 'admin', hasPassword: false, name: 'Första Admin' }]);
    await runTick(runtime);
    const mail = (await runtime.mailbox.list()).filter((m) => m.to.includes(input.adminEmail));
    expect(mail).toHaveLength(1);
    const message = (await runtime.mailbox.read(mail[0].id))!;
    expect(message.text).toContain(`http://${input.subdomain}.localhost:3000/set-password#token=`);
    expect(message.text).toMatch(/Välj ditt lösenord/);
    expect(message.text).toMatch(/Choose your password/);

    // Progress step by step, each with its times.
    const progress = summarizeSteps(result.events);
    expect(progress.map((s) => [s.step, s.status, s.attempts])).toEqual(steps.map((s) => [s, 'succeeded', 1]));
    for (const step of progress) expect(Date.parse(step.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
  });

  it('re-running it for an active orchestra is refused at Validate and changes nothing', async () => {
    const input = newInput();
    expect((await provision(input)).status).toBe('SUCCEEDED');
    const again = await provision(input);
    expect(again.status).toBe('FAILED');
    expect(again.error).toBe('OrchestraNotProvisionable');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active' });
    expect(await leftovers(input.subdomain)).toEqual({ database: true, login: true, secret: true });
    expect(await databasesNamedFor(input.subdomain)).toBe(1);
    const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE to_address = :to`, { to: input.adminEmail });
    expect(rows[0].n).toBe(1);
  });

  it('rejects bad input before anything is made', async () => {
    const input = { ...newInput(), subdomain: 'www' };
    const result = await provision(input);
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidStepInput' });
    expect(result.cause).toMatch(/subdomain: "www" is reserved/);
    expect(await registryRow('www')).toBeNull();
    expect(await leftovers('www')).toEqual({ database: false, login: false, secret: false });
  });
});

describe('provisioning workflow: a transient fault in each step is retried to success', () => {
  it.each(steps)('%s', async (step) => {
    const input = newInput();
    const result = await provision(input, { step, kind: 'transient-once' });
    expect(result.status).toBe('SUCCEEDED');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', failedStep: null });
    // The step ran twice (its work done before the fault), yet there is one database and one invitation.
    expect(await databasesNamedFor(input.subdomain)).toBe(1);
    const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE to_address = :to`, { to: input.adminEmail });
    expect(rows[0].n).toBe(1);
    const progress = summarizeSteps(result.events);
    expect(progress.find((s) => s.step === step)).toMatchObject({ status: 'succeeded', attempts: 2 });
    // Secret and login agree after the re-run: the orchestra's login can still connect.
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const { deps, close } = localStepRuntime(runtime, secretPrefix);
    try {
      const own = await deps.orchestraDatabase(record);
      expect((await own.query<{ ok: number }>(`SELECT 1 AS ok`)).rows).toEqual([{ ok: 1 }]);
    } finally {
      await close();
    }
  });
});

describe('provisioning workflow: what a retry may meet', () => {
  it('waits at CreateDatabase while the name of a deleted secret is still being purged, then creates it', async () => {
    const input = newInput();
    let refusals = 0;
    const result = await runProvisioning(runtime, input, {
      secretPrefix,
      retryIntervalMs: 0,
      wrapStep: (placeholder, step) => {
        if (placeholder !== 'CreateDatabaseFunctionArn') return step;
        return async (stepInput, deps) => {
          // What the Secrets Manager adapter throws while a force-deleted secret of this name is purged.
          const secrets: Secrets = {
            ...deps.secrets,
            async put(name, value, tags) {
              if (refusals < 2) {
                refusals += 1;
                throw new SecretBeingDeletedError(name, 'a secret with this name is already scheduled for deletion');
              }
              return deps.secrets.put(name, value, tags);
            },
          };
          return step(stepInput, { ...deps, secrets });
        };
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(summarizeSteps(result.events).find((s) => s.step === 'CreateDatabase')).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active' });
    expect(await secretExists(input.subdomain)).toBe(true);
  });

  it('InviteAdmin run twice at once (a retry after States.Timeout while the first still goes) invites once', async () => {
    const input = newInput();
    const result = await provision(input);
    expect(result.status).toBe('SUCCEEDED');
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const second = `second.admin@${input.subdomain}.example.org`;
    const { deps, close } = localStepRuntime(runtime, secretPrefix);
    try {
      const both = await Promise.all([1, 2].map(() => inviteFirstAdminStep({ orchestraId: record.id, adminEmail: second, adminName: 'Andra' }, deps)));
      expect(both.map((r) => r.invited).sort()).toEqual([false, true]);
    } finally {
      await close();
    }
    const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE to_address = :to`, { to: second });
    expect(rows[0].n).toBe(1);
  });
});

describe('provisioning workflow: a permanent fault in each step rolls back and marks the orchestra failed', () => {
  it.each(steps.filter((s) => s !== 'Validate'))('%s', async (step) => {
    const input = newInput();
    const result = await provision(input, { step, kind: 'permanent' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed' });
    expect(result.cause).toContain(`injected permanent fault in ${step}`);
    expect(await registryRow(input.subdomain)).toMatchObject({
      status: 'failed',
      failedStep: step,
      failureCause: `Error: injected permanent fault in ${step}`,
      schemaVersion: null,
    });
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
    const progress = summarizeSteps(result.events);
    expect(progress.find((s) => s.step === step)).toMatchObject({ status: 'failed', error: 'Error' });
    expect(progress.at(-1)).toMatchObject({ step: 'Compensate', status: 'succeeded' });
  });

  it('Validate: a failure there makes nothing, so there is nothing to roll back', async () => {
    const input = newInput();
    const result = await runProvisioning(runtime, input, {
      secretPrefix,
      retryIntervalMs: 0,
      wrapStep: (placeholder, step) =>
        placeholder === 'ValidateFunctionArn' ? async () => Promise.reject(new Error('injected permanent fault in Validate')) : step,
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'Error', cause: 'injected permanent fault in Validate' });
    expect(await registryRow(input.subdomain)).toBeNull();
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
    expect(summarizeSteps(result.events).map((s) => s.step)).toEqual(['Validate']);
  });

  it('a transient fault that never passes is retried, then rolled back with its cause', async () => {
    const input = newInput();
    const result = await provision(input, { step: 'Migrate', kind: 'transient-always' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed' });
    expect(await registryRow(input.subdomain)).toMatchObject({
      status: 'failed',
      failedStep: 'Migrate',
      failureCause: 'TransientError: could not serialize access due to concurrent update',
    });
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
    expect(summarizeSteps(result.events).find((s) => s.step === 'Migrate')).toMatchObject({ status: 'failed', attempts: 5, error: 'TransientError' });
  });

  it('a failed orchestra can be provisioned again: one database, the failure cleared', async () => {
    const input = newInput();
    expect((await provision(input, { step: 'Seed', kind: 'permanent' })).status).toBe('FAILED');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'failed', failedStep: 'Seed' });
    const again = await provision(input);
    expect(again.status).toBe('SUCCEEDED');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', failedStep: null, failureCause: null });
    expect(await databasesNamedFor(input.subdomain)).toBe(1);
    const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM orchestras WHERE subdomain = :s`, { s: input.subdomain });
    expect(rows[0].n).toBe(1);
  });
});

describe('provisioning workflow: restoring a backup taken before later migrations', () => {
  let olderVersion: string;
  let olderBackup: Record<string, unknown>;

  /** Stores a backup file (as the superadmin's backup would) and returns its key. */
  async function storeBackup(content: unknown): Promise<string> {
    const key = backupKey(randomUUID(), new Date());
    await runtime.files.put(key, Buffer.from(JSON.stringify(content)), 'application/json');
    return key;
  }

  async function musicians(db: Database) {
    const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, first_name || ' ' || last_name AS name FROM musicians ORDER BY code`);
    return rows;
  }

  beforeAll(async () => {
    // An orchestra database as it was at the first orchestra migration, with rows in it, backed up then.
    const migrations = await listMigrations('orchestra');
    expect(migrations.length).toBeGreaterThan(1);
    olderVersion = migrations[0].version;
    const source = await createTestDatabase('empty');
    try {
      expect(await migrate(source.pg, 'orchestra', { upTo: olderVersion })).toMatchObject({ version: olderVersion });
      await source.pg.query(`INSERT INTO instruments (name, sort_order) VALUES ('Violin', 1), ('Viola', 2)`);
      await source.pg.query(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Åsa', 'Öberg', 'asa@example.org'), ('Bo', 'Berg', 'bo@example.org')`);
      olderBackup = { ...(await exportOrchestra(source.pg, { id: randomUUID(), code: 'ORCH900', name: 'Förr', subdomain: 'forr', plan: 'small' }, new Date())) };
    } finally {
      await source.drop();
    }
    expect(olderBackup.schemaVersion).toBe(olderVersion);
    expect((olderBackup.tables as { name: string }[]).map((t) => t.name)).not.toContain('request_tokens');
  });

  it('migrates the new database to the backup\'s version, restores it, then applies the later migrations over its rows', async () => {
    const input = { ...newInput(), restoreFrom: await storeBackup(olderBackup) };
    const result = await provision(input);
    expect(result.status).toBe('SUCCEEDED');
    const latest = await latestVersion('orchestra');
    expect(result.output).toMatchObject({ results: { Migrate: { schemaVersion: olderVersion }, Seed: { restored: 4 }, MigrateToLatest: { schemaVersion: latest } } });
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', schemaVersion: latest, failedStep: null });

    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const { deps, close } = localStepRuntime(runtime, secretPrefix);
    try {
      const own = await deps.orchestraDatabase(record);
      expect(await musicians(own)).toEqual([
        { code: 'MUS001', name: 'Åsa Öberg' },
        { code: 'MUS002', name: 'Bo Berg' },
      ]);
      // Every migration is recorded, and the later ones took effect: 0006 made request_tokens.
      const { rows: applied } = await own.query<{ version: string }>(`SELECT version FROM schema_migrations ORDER BY version`);
      expect(applied.map((r) => r.version)).toEqual((await listMigrations('orchestra')).map((m) => m.version));
      expect((await own.query<{ made: boolean }>(`SELECT to_regclass('request_tokens') IS NOT NULL AS made`)).rows[0].made).toBe(true);
      // The restored rows are not the standard seed's, and the later tables belong to the orchestra's login too.
      expect((await own.query<{ n: number }>(`SELECT count(*)::int AS n FROM instruments`)).rows[0].n).toBe(2);
      const { rows: owners } = await own.query<{ owner: string }>(`SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'`);
      expect(owners).toEqual([{ owner: orchestraLoginName(input.subdomain) }]);
      // Sequences continue where the backup's stopped.
      const { rows } = await own.query<{ code: string }>(`INSERT INTO musicians (first_name, last_name, email) VALUES ('Ny', 'Person', 'ny@example.org') RETURNING code`);
      expect(rows[0].code).toBe('MUS003');
    } finally {
      await close();
    }
  });

  it('restores the older backup through the Data API adapter as well', async () => {
    const input = { ...newInput(), restoreFrom: await storeBackup(olderBackup) };
    const result = await provision(input, undefined, viaDataApi);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ results: { Migrate: { schemaVersion: olderVersion }, MigrateToLatest: { schemaVersion: await latestVersion('orchestra') } } });
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const { deps, close } = localStepRuntime(runtime, secretPrefix);
    try {
      expect((await musicians(await deps.orchestraDatabase(record))).map((m) => m.name)).toEqual(['Åsa Öberg', 'Bo Berg']);
    } finally {
      await close();
    }
  });

  it.each(['Migrate', 'Seed', 'MigrateToLatest'] as const)('retries a transient fault in %s of a restore to the same result', async (step) => {
    const input = { ...newInput(), restoreFrom: await storeBackup(olderBackup) };
    const result = await provision(input, { step, kind: 'transient-once' });
    expect(result.status).toBe('SUCCEEDED');
    expect(summarizeSteps(result.events).find((s) => s.step === step)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', schemaVersion: await latestVersion('orchestra') });
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    const { deps, close } = localStepRuntime(runtime, secretPrefix);
    try {
      expect(await musicians(await deps.orchestraDatabase(record))).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it('fails a backup newer than this code at Migrate, for good, with the reason shown, and rolls back', async () => {
    const latest = (await latestVersion('orchestra'))!;
    const newer = String(Number(latest) + 1).padStart(4, '0');
    const input = { ...newInput(), restoreFrom: await storeBackup({ ...olderBackup, schemaVersion: newer }) };
    const result = await provision(input);
    expect(result).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed' });
    const cause = `BackupNotRestorable: the backup cannot be restored: its orchestra schema version ${newer} is newer than the latest migration this code has (${latest})`;
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'failed', failedStep: 'Migrate', failureCause: cause, schemaVersion: null });
    // Not retried: no release of this code will ever know that version.
    expect(summarizeSteps(result.events).find((s) => s.step === 'Migrate')).toMatchObject({ status: 'failed', attempts: 1, error: 'BackupNotRestorable' });
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
  });

  it('fails a backup of a version that never existed, or of none, at Migrate with the reason', async () => {
    const unknown = { ...newInput(), restoreFrom: await storeBackup({ ...olderBackup, schemaVersion: '0000' }) };
    expect((await provision(unknown)).status).toBe('FAILED');
    expect(await registryRow(unknown.subdomain)).toMatchObject({ status: 'failed', failedStep: 'Migrate' });
    expect((await registryRow(unknown.subdomain))!.failureCause).toMatch(/^BackupNotRestorable: the backup cannot be restored: its orchestra schema version 0000 is not a known migration \(known: \d{4}/);

    const none = { ...newInput(), restoreFrom: await storeBackup({ ...olderBackup, schemaVersion: null }) };
    expect((await provision(none)).status).toBe('FAILED');
    expect(await registryRow(none.subdomain)).toMatchObject({ failedStep: 'Migrate', failureCause: `BackupNotRestorable: ${none.restoreFrom} names no schema version` });
    expect(await leftovers(none.subdomain)).toEqual({ database: false, login: false, secret: false });
  });
});

describe('provisioning workflow through the Data API adapter', () => {
  it('provisions an orchestra with every statement (DDL included) sent through the Data API', async () => {
    const input = newInput();
    const result = await provision(input, undefined, viaDataApi);
    expect(result.status).toBe('SUCCEEDED');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', failedStep: null });
    expect(await leftovers(input.subdomain)).toEqual({ database: true, login: true, secret: true });
    const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE to_address = :to AND kind = 'admin_invite'`, {
      to: input.adminEmail,
    });
    expect(rows[0].n).toBe(1);
  });

  it('retries a transient fault and rolls back a permanent one', async () => {
    const retried = newInput();
    expect((await provision(retried, { step: 'CreateDatabase', kind: 'transient-once' }, viaDataApi)).status).toBe('SUCCEEDED');
    expect(await databasesNamedFor(retried.subdomain)).toBe(1);

    const rolledBack = newInput();
    const result = await provision(rolledBack, { step: 'InviteAdmin', kind: 'permanent' }, viaDataApi);
    expect(result).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed' });
    expect(await registryRow(rolledBack.subdomain)).toMatchObject({ status: 'failed', failedStep: 'InviteAdmin' });
    expect(await leftovers(rolledBack.subdomain)).toEqual({ database: false, login: false, secret: false });
  });
});

describe('the local Workflows adapter', () => {
  it('starts provisioning at once and describes its progress step by step', async () => {
    const workflows = createLocalWorkflows(runtime, { secretPrefix, retryIntervalMs: 0 });
    const input = newInput();
    const { executionId } = await workflows.startProvisioning(input);
    expect((await workflows.describe(executionId))?.executionId).toBe(executionId);
    await workflows.settled(executionId);
    const execution = (await workflows.describe(executionId))!;
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.steps.map((s) => s.step)).toEqual([...steps]);
    expect(await workflows.describe('local:provision-orchestra:nope')).toBeNull();
  });

  it('tells a restarted twin what a run it cut off was doing, and names the execution as asked', async () => {
    let reached!: () => void;
    const there = new Promise<void>((resolve) => (reached = resolve));
    const before = createLocalWorkflows(runtime, {
      secretPrefix,
      retryIntervalMs: 0,
      wrapStep: (placeholder, step) => (placeholder === 'SeedFunctionArn' ? async () => (reached(), new Promise(() => undefined)) : step),
    });
    const input = newInput();
    const { executionId } = await before.startProvisioning(input, { executionName: `provision-${input.subdomain}-1` });
    expect(executionId).toBe(before.provisioningExecutionId(`provision-${input.subdomain}-1`));
    await there;
    const after = createLocalWorkflows(runtime, { secretPrefix, retryIntervalMs: 0 });
    await vi.waitFor(async () => expect((await after.describe(executionId))?.steps.map((s) => s.step)).toContain('Seed'));
    const cutOff = (await after.describe(executionId))!;
    expect(cutOff).toMatchObject({ status: 'FAILED', error: 'Interrupted', cause: 'The local twin stopped while this execution ran (in Seed).' });
    expect(cutOff.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['Validate:succeeded', 'CreateDatabase:succeeded', 'Migrate:succeeded', 'Seed:failed']);
    await expect(after.startProvisioning(input, { executionName: `provision-${input.subdomain}-1` })).rejects.toThrow(/exists already/);
  });
});

describe('provisioning workflow: the rollback-only run', () => {
  async function registryExecution(subdomain: string, executionId: string | null, status: string) {
    await runtime.control.query(`UPDATE orchestras SET provisioning_execution_id = :executionId, status = :status WHERE subdomain = :subdomain`, {
      subdomain,
      executionId,
      status,
    });
  }

  it('drops what a cut-off run made and records its step and cause, while the registry names the rollback', async () => {
    const input = newInput();
    expect((await provision(input)).status).toBe('SUCCEEDED');
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    await registryExecution(input.subdomain, 'rollback-1', 'failed');
    const result = await provision({ rollBack: { orchestraId: record.id, failedStep: 'Migrate', cause: 'The run was aborted.', executionId: 'rollback-1' } });
    expect(result).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed', cause: 'ProvisioningInterrupted: The run was aborted.' });
    expect(summarizeSteps(result.events).map((s) => `${s.step}:${s.status}`)).toEqual(['RollBackInterrupted:succeeded']);
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'failed', failedStep: 'Migrate', failureCause: 'ProvisioningInterrupted: The run was aborted.' });
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
  });

  it('drops a login left without its database (the run was cut off between the two)', async () => {
    const input = newInput();
    expect((await provision(input, { step: 'Seed', kind: 'permanent' })).status).toBe('FAILED');
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    await ensureOrchestraLogin(admin.pg, orchestraLoginName(input.subdomain), 'left-behind');
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: true, secret: false });
    await registryExecution(input.subdomain, 'rollback-2', 'archived');
    const result = await provision({ rollBack: { orchestraId: record.id, failedStep: 'CreateDatabase', cause: 'cut off', executionId: 'rollback-2' } });
    expect(summarizeSteps(result.events).at(-1)).toMatchObject({ step: 'RollBackInterrupted', status: 'succeeded' });
    // Archived meanwhile: it stays archived, and loses its leftovers all the same.
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'archived' });
    expect(await leftovers(input.subdomain)).toEqual({ database: false, login: false, secret: false });
  });

  it('drops nothing once a retry has claimed the orchestra under another run', async () => {
    const input = newInput();
    expect((await provision(input)).status).toBe('SUCCEEDED');
    const record = (await findOrchestraBySubdomain(runtime.control, input.subdomain))!;
    await registryExecution(input.subdomain, 'provision-again', 'active');
    const result = await provision({ rollBack: { orchestraId: record.id, failedStep: 'Migrate', cause: 'stale', executionId: 'rollback-3' } });
    expect(result.status).toBe('FAILED');
    expect(await registryRow(input.subdomain)).toMatchObject({ status: 'active', failedStep: null });
    expect(await leftovers(input.subdomain)).toEqual({ database: true, login: true, secret: true });
  });
});

describe('step errors', () => {
  it('classifies transient database and network faults as TransientError, the rest as they are', () => {
    for (const code of ['57P03', '40001', '40P01', '08006', '08001']) {
      expect(toWorkflowError(new SqlError('x', code)).name).toBe('TransientError');
    }
    expect(toWorkflowError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).name).toBe('TransientError');
    expect(toWorkflowError(new SqlError('duplicate key', '23505')).name).toBe('SqlError');
    expect(toWorkflowError(new Error('boom')).name).toBe('Error');
    expect(toWorkflowError(new TransientError('again'))).toBeInstanceOf(TransientError);
  });

  it('reads a Lambda error cause (JSON) and a local one (text) alike', () => {
    expect(describeCaughtError({ Error: 'SqlError', Cause: JSON.stringify({ errorType: 'SqlError', errorMessage: 'permission denied', trace: [] }) })).toBe(
      'SqlError: permission denied',
    );
    expect(describeCaughtError({ Error: 'States.Timeout', Cause: '' })).toBe('States.Timeout');
    expect(describeCaughtError({ Error: 'Error', Cause: 'boom' })).toBe('Error: boom');
  });
});
