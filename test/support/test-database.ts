import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createRdsDataDatabase, type RdsDataRetryOptions } from '../../shared/adapters/aws/rds-data-database';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import type { Database } from '../../shared/ports/database';
import type { TestPostgres } from './global-postgres';
import { RdsDataStandIn } from './rds-data-stand-in';

/**
 * Databases for test files, on the one embedded server of the run (test/support/global-postgres.ts).
 * Each file creates its own database from a migrated template, so files running in parallel never
 * see each other's rows.
 */
export interface TestConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export type TestDatabaseKind = 'control' | 'orchestra' | 'empty';

export interface TestDatabase {
  name: string;
  connection: TestConnection;
  /** The database through the pg adapter, as the superuser. */
  pg: Database;
  /** Closes `pg` and drops the database (ending any other session on it). */
  drop(): Promise<void>;
}

export const testClusterArn = 'arn:aws:rds:eu-north-1:000000000000:cluster:orchestra-test';

export function testServer(): TestPostgres {
  const server = inject('postgres');
  if (!server) throw new Error('No test PostgreSQL: run this test in a vitest project whose globalSetup is test/support/global-postgres.ts');
  return server;
}

function superuserConnection(database: string): TestConnection {
  const server = testServer();
  return { host: server.host, port: server.port, user: server.superuser, password: server.password, database };
}

async function asSuperuser<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = createPgDatabase({ ...superuserConnection('postgres'), max: 1 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const name = uniqueDatabaseName(`test_${kind}`);
  const template = kind === 'empty' ? 'template0' : testServer().templates[kind];
  await asSuperuser((db) => db.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const connection = superuserConnection(name);
  const pg = createPgDatabase({ ...connection, max: 4, allowExitOnIdle: true });
  let dropped = false;
  return {
    name,
    connection,
    pg,
    async drop() {
      if (dropped) return;
      dropped = true;
      await pg.close();
      await asSuperuser((db) => db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * The server's superuser on the `postgres` database, for tests that create databases and logins
 * (as provisioning does). `server` has the shape the local runtime takes.
 */
export async function adminConnection(): Promise<{ server: TestPostgres; pg: Database }> {
  const server = testServer();
  return { server, pg: createPgDatabase({ ...superuserConnection('postgres'), max: 3, allowExitOnIdle: true }) };
}

export type DataApiTestDatabase = Database & { standIn: RdsDataStandIn; secretArn: string };

/**
 * The same database through the Data API adapter, answered by the stand-in over the real server.
 * close() also closes the stand-in's connections.
 */
export function dataApiDatabaseFor(connection: TestConnection, options: { retry?: RdsDataRetryOptions } = {}): DataApiTestDatabase {
  const secretArn = `arn:aws:secretsmanager:eu-north-1:000000000000:secret:test/${connection.user}-${randomBytes(3).toString('hex')}`;
  const standIn = new RdsDataStandIn({
    host: connection.host,
    port: connection.port,
    secrets: { [secretArn]: { user: connection.user, password: connection.password } },
  });
  const db = createRdsDataDatabase({
    client: standIn.client,
    resourceArn: testClusterArn,
    secretArn,
    database: connection.database,
    retry: options.retry,
  });
  return {
    ...db,
    standIn,
    secretArn,
    async close() {
      await db.close();
      await standIn.close();
    },
  };
}

export interface DatabaseAdapter {
  adapter: 'pg' | 'data-api';
  open(connection: TestConnection): Database;
}

/** For `describe.each(databaseAdapters)('$adapter', ({ open }) => …)`: one suite, both adapters. */
export const databaseAdapters: DatabaseAdapter[] = [
  { adapter: 'pg', open: (connection) => createPgDatabase({ ...connection, max: 4, allowExitOnIdle: true }) },
  { adapter: 'data-api', open: (connection) => dataApiDatabaseFor(connection) },
];
