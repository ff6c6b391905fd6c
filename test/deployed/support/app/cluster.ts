import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { launchEmbeddedPostgres } from '../../../../infra/local/embedded-postgres-server';

/** The Aurora cluster as the tier runs it: a real PostgreSQL with the master login the admin secret names. */
export interface LocalCluster {
  host: string;
  port: number;
  /** A query as the PostgreSQL superuser (for the tier's own checks; no function connects this way). */
  query(database: string, text: string, values?: unknown[]): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

export interface MasterLogin {
  username: string;
  password: string;
  /** The cluster's DatabaseName: created at cluster creation, owned by the master user. */
  databaseName: string;
}

/**
 * Aurora's master user is no superuser: it may create databases and roles (rds_superuser), and it owns the
 * default database and `postgres`. Creating it the same way keeps a step that needs superuser failing here.
 */
export async function startLocalCluster(master: MasterLogin): Promise<LocalCluster> {
  const folder = await mkdtemp(join(tmpdir(), 'deployed-cluster-'));
  await chmod(folder, 0o755);
  const server = await launchEmbeddedPostgres({ databaseDir: join(folder, 'data'), password: randomBytes(18).toString('hex'), persistent: false });
  const superuser = (database: string) =>
    new pg.Client({ host: server.host, port: server.port, user: server.superuser, password: server.password, database });
  const query = async (database: string, text: string, values?: unknown[]) => {
    const client = superuser(database);
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  const name = pg.escapeIdentifier(master.username);
  await query('postgres', `CREATE ROLE ${name} LOGIN CREATEDB CREATEROLE PASSWORD ${pg.escapeLiteral(master.password)}`);
  await query('postgres', `ALTER DATABASE postgres OWNER TO ${name}`);
  await query('postgres', `CREATE DATABASE ${pg.escapeIdentifier(master.databaseName)} OWNER ${name}`);
  // Aurora's master holds the public schema of its databases (PostgreSQL 15+ gives it to pg_database_owner).
  return {
    host: server.host,
    port: server.port,
    query,
    async stop() {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
