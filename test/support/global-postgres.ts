import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchEmbeddedPostgres, type EmbeddedPostgresServer } from '../../infra/local/embedded-postgres-server';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { migrate, type MigrationKind } from '../../shared/db/migrate';

/**
 * vitest globalSetup: ONE embedded PostgreSQL per test run, with template databases `template_control`
 * and `template_orchestra` migrated by the real runner. Each test file clones a fresh database from a
 * template (test/support/test-database.ts), so parallel workers never share data.
 */
export interface TestPostgres {
  host: string;
  port: number;
  superuser: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres;
  }
}

export const templateKinds: MigrationKind[] = ['control', 'orchestra'];

interface SharedServer {
  users: number;
  started: Promise<{ server: EmbeddedPostgresServer; folder: string }>;
}

// Several vitest projects (integration, workflow) name this file; each loads it separately, but they
// run in one main process, so the server is shared through globalThis and stopped by the last one out.
const sharedKey = Symbol.for('orchestra-system.test-postgres');
const registry = globalThis as unknown as Record<symbol, SharedServer | undefined>;

async function startServer(): Promise<{ server: EmbeddedPostgresServer; folder: string }> {
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
    try {
      await createTemplates(server);
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw error;
    }
    return { server, folder };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function createTemplates(server: EmbeddedPostgresServer): Promise<void> {
  const connect = (database: string) =>
    createPgDatabase({ host: server.host, port: server.port, user: server.superuser, password: server.password, database, max: 2 });
  const admin = connect('postgres');
  try {
    for (const kind of templateKinds) {
      const name = `template_${kind}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const db = connect(name);
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
  } finally {
    await admin.close();
  }
}

export default async function setup(project: TestProject) {
  let shared = registry[sharedKey];
  if (!shared) {
    shared = { users: 0, started: startServer() };
    registry[sharedKey] = shared;
  }
  shared.users += 1;
  const { server } = await shared.started;
  project.provide('postgres', { host: server.host, port: server.port, superuser: server.superuser, password: server.password });

  return async () => {
    const current = registry[sharedKey];
    if (!current) return;
    current.users -= 1;
    if (current.users > 0) return;
    registry[sharedKey] = undefined;
    const { server: running, folder } = await current.started;
    await running.stop().catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  };
}
