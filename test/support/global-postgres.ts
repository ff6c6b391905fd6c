import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchEmbeddedPostgres, type EmbeddedPostgresServer } from '../../infra/local/embedded-postgres-server';
import { checkSuperuser, parseDatabaseUrl } from '../../infra/local/external-postgres';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { migrate, type MigrationKind } from '../../shared/db/migrate';

/**
 * vitest globalSetup: ONE PostgreSQL per test run, with template databases `template_control_<run>` and
 * `template_orchestra_<run>` migrated by the real runner. Each test file clones a fresh database from a
 * template (test/support/test-database.ts), so parallel workers never share data.
 *
 * The server is an embedded one made for the run, or, with TEST_POSTGRES=external (`npm run
 * test:integration:external`), the existing server DATABASE_URL names (a superuser; CI points it at Debian's
 * PostgreSQL from apt), so SQL that only one server version accepts fails a test. Only that explicit switch
 * uses DATABASE_URL: a developer's own DATABASE_URL does not move `npm test` onto their server.
 */
export interface TestPostgres {
  host: string;
  port: number;
  superuser: string;
  password: string;
  /** The run's migrated template databases, by kind. */
  templates: Record<MigrationKind, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres;
  }
}

export const templateKinds: MigrationKind[] = ['control', 'orchestra'];

interface RunServer {
  server: Omit<EmbeddedPostgresServer, 'stop'>;
  templates: Record<MigrationKind, string>;
  /** Drops what the run made; stops the server when the run started it. */
  finish(): Promise<void>;
}

interface SharedServer {
  users: number;
  started: Promise<RunServer>;
}

// Several vitest projects (integration, workflow) name this file; each loads it separately, but they
// run in one main process, so the server is shared through globalThis and stopped by the last one out.
const sharedKey = Symbol.for('orchestra-system.test-postgres');
const registry = globalThis as unknown as Record<symbol, SharedServer | undefined>;

async function startEmbeddedServer(): Promise<RunServer> {
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-test-pg-'));
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
  await chmod(folder, 0o755);
  try {
    const server = await launchEmbeddedPostgres({
      databaseDir: join(folder, 'data'),
      password: randomBytes(18).toString('base64url'),
      persistent: false,
      settings: {
        max_connections: '300',
        // Throwaway data: durability buys nothing and costs time.
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
      },
    });
    const stop = async () => {
      await server.stop().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    };
    try {
      return { server, templates: await createTemplates(server), finish: stop };
    } catch (error) {
      await stop();
      throw error;
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function useExternalServer(): Promise<RunServer> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('TEST_POSTGRES=external needs DATABASE_URL: postgres://superuser:password@host:port/postgres');
  const server = parseDatabaseUrl(url);
  const { version } = await checkSuperuser(server);
  console.log(`Tests run on the PostgreSQL ${version} at ${server.host}:${server.port} (DATABASE_URL)`);
  const templates = await createTemplates(server);
  // The server stays; the run's templates go (the test files drop their own databases).
  return { server, templates, finish: () => dropTemplates(server, templates) };
}

function connectAsSuperuser(server: RunServer['server'], database: string) {
  return createPgDatabase({ host: server.host, port: server.port, user: server.superuser, password: server.password, database, max: 2 });
}

async function createTemplates(server: RunServer['server']): Promise<Record<MigrationKind, string>> {
  // Named for the run: two runs on one external server never share (or drop) each other's templates.
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const templates = Object.fromEntries(templateKinds.map((kind) => [kind, `template_${kind}_${run}`])) as Record<MigrationKind, string>;
  const admin = connectAsSuperuser(server, 'postgres');
  try {
    for (const kind of templateKinds) {
      const name = templates[kind];
      await admin.query(`CREATE DATABASE ${name}`);
      const db = connectAsSuperuser(server, name);
      try {
        await migrate(db, kind);
      } catch (error) {
        throw new Error(`Test template ${name} could not be migrated: ${(error as Error).message}`);
      } finally {
        await db.close();
      }
      // No one connects to a template, so CREATE DATABASE … TEMPLATE never finds it busy.
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    }
    return templates;
  } catch (error) {
    await dropTemplates(server, templates).catch(() => undefined);
    throw error;
  } finally {
    await admin.close();
  }
}

async function dropTemplates(server: RunServer['server'], templates: Record<MigrationKind, string>): Promise<void> {
  const admin = connectAsSuperuser(server, 'postgres');
  try {
    for (const name of Object.values(templates)) {
      const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = :name`, { name });
      if (rows.length === 0) continue;
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.close();
  }
}

export default async function setup(project: TestProject) {
  let shared = registry[sharedKey];
  if (!shared) {
    shared = { users: 0, started: process.env.TEST_POSTGRES === 'external' ? useExternalServer() : startEmbeddedServer() };
    registry[sharedKey] = shared;
  }
  shared.users += 1;
  const { server, templates } = await shared.started;
  project.provide('postgres', { host: server.host, port: server.port, superuser: server.superuser, password: server.password, templates });

  return async () => {
    const current = registry[sharedKey];
    if (!current) return;
    current.users -= 1;
    if (current.users > 0) return;
    registry[sharedKey] = undefined;
    await (await current.started).finish();
  };
}
