import { createPgDatabase } from '../../shared/adapters/local/pg-database';

/**
 * An existing PostgreSQL named by DATABASE_URL (`postgres://user:password@host:port/database`), used instead of
 * the embedded one by the twin (`npm start`) and by the integration tier (`npm run test:integration:external`).
 * The user must be a superuser: it creates databases and logins, as the cluster's admin does in AWS, and closes
 * the shared databases to PUBLIC.
 */
export interface ExternalPostgres {
  host: string;
  port: number;
  superuser: string;
  password: string;
  /** The database the URL names, if any (the twin keeps its control data there). */
  database: string | undefined;
}

export class DatabaseUrlError extends Error {
  constructor(reason: string) {
    super(`DATABASE_URL ${reason} (expected postgres://user:password@host:port/database)`);
    this.name = 'DatabaseUrlError';
  }
}

export function parseDatabaseUrl(value: string): ExternalPostgres {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseUrlError('is not a URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new DatabaseUrlError(`has the scheme ${url.protocol} instead of postgres:`);
  if (!url.hostname) throw new DatabaseUrlError('names no host');
  if (!url.username || !url.password) throw new DatabaseUrlError('needs a user and a password');
  // Connection options (sslmode, host=/socket …) would be silently ignored, so they are refused instead.
  if (url.search) throw new DatabaseUrlError(`has options (${url.search}), which are not supported`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database.includes('/')) throw new DatabaseUrlError('has a path that is not one database name');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    superuser: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database || undefined,
  };
}

/** Connects once and refuses a user that is no superuser, before anything is created on the server. */
export async function checkSuperuser(server: ExternalPostgres): Promise<{ version: string }> {
  const db = createPgDatabase({ host: server.host, port: server.port, user: server.superuser, password: server.password, database: 'postgres', max: 1 });
  let role: { superuser: boolean; version: string } | undefined;
  try {
    ({ rows: [role] } = await db.query<{ superuser: boolean; version: string }>(
      `SELECT rolsuper AS superuser, current_setting('server_version') AS version FROM pg_roles WHERE rolname = current_user`,
    ));
  } catch (error) {
    throw new Error(`DATABASE_URL: cannot reach the database postgres on ${server.host}:${server.port} as ${server.superuser}: ${(error as Error).message}`);
  } finally {
    await db.close();
  }
  if (!role?.superuser) {
    throw new Error(`DATABASE_URL: ${server.superuser} is no superuser on ${server.host}:${server.port}; it must create databases and logins`);
  }
  return { version: role.version };
}
