import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { dropOrchestraDatabase } from '../../shared/app/provisioning/orchestra-database-sql';
import type { Database } from '../../shared/ports/database';
import { bootstrapLocal } from '../../infra/local/bootstrap';
import { readLocalConfig } from '../../infra/local/local-config';
import { createLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { startTwinDatabase } from '../../infra/local/twin-database-server';
import { adminConnection, testServer } from '../support/test-database';

/**
 * `npm start` with DATABASE_URL: the twin keeps its data on an existing server (here the run's test server) in
 * the database the URL names, and refuses data that is not its own, so two twins on one server never mix.
 */
describe('the twin on an existing PostgreSQL (DATABASE_URL)', () => {
  const suffix = randomBytes(3).toString('hex');
  const firstDatabase = `twin_first_${suffix}`;
  const secondDatabase = `twin_second_${suffix}`;
  let root: string;
  let admin: Database;
  const runtimes: LocalRuntime[] = [];

  const databaseUrl = (database: string) => {
    const s = testServer();
    return `postgres://${encodeURIComponent(s.superuser)}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${database}`;
  };

  /** What main.ts does up to the HTTP server. */
  async function startTwin(dataDir: string, database: string) {
    const config = readLocalConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'SILENT' });
    const twin = await startTwinDatabase({ dataDir: config.dataDir, webPort: config.PORT, external: config.externalPostgres });
    const runtime = await createLocalRuntime(config, twin.server, { controlDatabase: twin.controlDatabase });
    runtimes.push(runtime);
    return { config, twin, runtime, bootstrap: () => bootstrapLocal(runtime, config, twin.controlDatabase) };
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'orchestra-twin-external-'));
    admin = (await adminConnection()).pg;
  });

  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close().catch(() => undefined);
    await dropOrchestraDatabase(admin, 'orch_demo', 'orch_demo_app').catch(() => undefined);
    for (const database of [firstDatabase, secondDatabase]) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps its control data in the database the URL names and the demo orchestra in its own database', async () => {
    const first = await startTwin(join(root, 'first'), firstDatabase);
    expect(first.twin.controlDatabase).toBe(firstDatabase);
    const { demo } = await first.bootstrap();
    expect(demo).toMatchObject({ subdomain: 'demo', status: 'active', databaseName: 'orch_demo' });

    const { rows: marked } = await admin.query<{ comment: string }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = :name`,
      { name: firstDatabase },
    );
    const { claim } = JSON.parse(await readFile(join(root, 'first', 'database-server.json'), 'utf8'));
    expect(marked).toEqual([{ comment: `Orchestra System local twin ${claim}` }]);
    const { rows: registry } = await first.runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras`);
    expect(registry).toEqual([{ subdomain: 'demo' }]);
    const demoDb = await first.runtime.orchestraDatabase(demo);
    expect((await demoDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians`)).rows[0].n).toBeGreaterThan(100);
  });

  it('starts again on the same DATA_DIR and finds its data', async () => {
    const again = await startTwin(join(root, 'first'), firstDatabase);
    const { demo } = await again.bootstrap();
    expect(demo.status).toBe('active');
  });

  it("refuses another twin's control database", async () => {
    const config = readLocalConfig({ DATA_DIR: join(root, 'second'), DATABASE_URL: databaseUrl(firstDatabase) });
    await mkdir(config.dataDir, { recursive: true });
    await expect(startTwinDatabase({ dataDir: config.dataDir, webPort: 3000, external: config.externalPostgres })).rejects.toThrow(
      new RegExp(`The database ${firstDatabase} at .* is not this twin's`),
    );
  });

  it("refuses, with a database of its own, to take over another twin's orchestra, whose login keeps working", async () => {
    const second = await startTwin(join(root, 'second'), secondDatabase);
    await expect(second.bootstrap()).rejects.toThrow(/already holds orch_demo or its login orch_demo_app, which this twin's control database does not know/);

    const credentials = JSON.parse(await readFile(join(root, 'first', 'secrets.json'), 'utf8'));
    const secret = Object.values(credentials as Record<string, { value: { username: string; password: string } }>)
      .map((entry) => entry.value)
      .find((value) => value?.username === 'orch_demo_app');
    expect(secret).toBeDefined();
    const s = testServer();
    const asDemo = createPgDatabase({ host: s.host, port: s.port, user: 'orch_demo_app', password: secret!.password, database: 'orch_demo', max: 1 });
    try {
      expect((await asDemo.query(`SELECT 1 AS ok`)).rows).toEqual([{ ok: 1 }]);
    } finally {
      await asDemo.close();
    }
  });

  it('keeps a DATA_DIR to one server: not embedded after DATABASE_URL, nor DATABASE_URL over an embedded one', async () => {
    await expect(startTwinDatabase({ dataDir: join(root, 'first'), webPort: 3000 })).rejects.toThrow(/holds the twin's data on .* \(DATABASE_URL\)/);

    const embedded = join(root, 'embedded');
    await mkdir(join(embedded, 'postgres'), { recursive: true });
    await writeFile(join(embedded, 'postgres', 'PG_VERSION'), '17\n');
    const config = readLocalConfig({ DATA_DIR: embedded, DATABASE_URL: databaseUrl(`twin_other_${suffix}`) });
    await expect(startTwinDatabase({ dataDir: embedded, webPort: 3000, external: config.externalPostgres })).rejects.toThrow(/holds an embedded PostgreSQL's data/);
  });

  it('refuses a URL that names no database of its own', () => {
    for (const database of ['postgres', 'template1', 'orch_demo', 'Has-Dash']) {
      expect(() => readLocalConfig({ DATABASE_URL: databaseUrl(database) })).toThrow(/^DATABASE_URL names the database/);
    }
    expect(readLocalConfig({ DATABASE_URL: databaseUrl('') }).externalPostgres?.controlDatabase).toBe('orchestra_control');
  });
});
