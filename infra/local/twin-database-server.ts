import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { SqlError, type Database } from '../../shared/ports/database';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-postgres-server';
import { checkSuperuser, DatabaseUrlError, parseDatabaseUrl, type ExternalPostgres } from './external-postgres';

/**
 * The twin's PostgreSQL: the embedded one under DATA_DIR, or an existing server named by DATABASE_URL. On an
 * existing server the twin keeps its control data in the database the URL names (created if missing) and makes
 * an `orch_<subdomain>` database and login per orchestra, as provisioning does in AWS. It marks the control
 * database as this DATA_DIR's (a COMMENT with an id kept in DATA_DIR/database-server.json) and refuses a database
 * that is not its own, so a second twin never takes over the first one's data.
 */
export interface TwinDatabaseServer extends ExternalPostgres {
  controlDatabase: string;
}

export const embeddedControlDatabase = 'control';
const defaultControlDatabase = 'orchestra_control';
// Plain identifiers only: the name goes into CREATE DATABASE and into every orchestra's secret.
const databaseNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** DATABASE_URL as the twin uses it: the server, and the control database it names (orchestra_control if none). */
export function twinDatabaseServer(url: string): TwinDatabaseServer {
  const server = parseDatabaseUrl(url);
  const controlDatabase = server.database ?? defaultControlDatabase;
  if (['postgres', 'template0', 'template1'].includes(controlDatabase)) {
    throw new DatabaseUrlError(`names the database ${controlDatabase}: name the one the twin keeps its control data in, e.g. …/${defaultControlDatabase} (created if missing)`);
  }
  if (!databaseNamePattern.test(controlDatabase)) throw new DatabaseUrlError(`names the database "${controlDatabase}": use lower-case letters, digits and _ (at most 63)`);
  if (controlDatabase.startsWith('orch_')) throw new DatabaseUrlError(`names the database ${controlDatabase}: orch_… names are the orchestras' databases`);
  return { ...server, controlDatabase };
}

export interface TwinDatabase {
  server: EmbeddedPostgresServer;
  controlDatabase: string;
  /** Where the data is, for the start message. */
  description: string;
}

interface StoredServer {
  /** host:port/database of the server this DATA_DIR's data is on. */
  server: string;
  /** The id in the control database's COMMENT. */
  claim: string;
}

const storedServerFile = (dataDir: string) => join(dataDir, 'database-server.json');

export async function startTwinDatabase(options: { dataDir: string; webPort: number; external?: TwinDatabaseServer }): Promise<TwinDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const stored = await readStoredServer(options.dataDir);
  if (!options.external) {
    if (stored) throw new Error(`${options.dataDir} holds the twin's data on ${stored.server} (DATABASE_URL): set DATABASE_URL again, or use another DATA_DIR for the embedded PostgreSQL`);
    // PORT is bound only once the database is up: PostgreSQL must not take it meanwhile.
    const server = await startEmbeddedPostgres({ dataDir: options.dataDir, avoidPorts: [options.webPort] });
    return { server, controlDatabase: embeddedControlDatabase, description: `embedded PostgreSQL in ${options.dataDir}` };
  }

  const external = options.external;
  const where = `${external.host}:${external.port}/${external.controlDatabase}`;
  if (await exists(join(options.dataDir, 'postgres', 'PG_VERSION'))) {
    throw new Error(`${options.dataDir} holds an embedded PostgreSQL's data: use another DATA_DIR with DATABASE_URL (${where})`);
  }
  if (stored && stored.server !== where) throw new Error(`${options.dataDir} holds the twin's data on ${stored.server}, not ${where}: use another DATA_DIR for this server`);
  await checkSuperuser(external);
  const claim = stored?.claim ?? randomBytes(12).toString('hex');
  const admin = createPgDatabase({ host: external.host, port: external.port, user: external.superuser, password: external.password, database: 'postgres', max: 1 });
  try {
    await claimControlDatabase(admin, external.controlDatabase, claim, `${where} (DATA_DIR ${options.dataDir})`);
  } finally {
    await admin.close();
  }
  // Kept once the database is ours: a refused start leaves the DATA_DIR free for another server.
  if (!stored) await writeFile(storedServerFile(options.dataDir), JSON.stringify({ server: where, claim } satisfies StoredServer, null, 2) + '\n', { mode: 0o600 });
  const { host, port, superuser, password } = external;
  return { server: { host, port, superuser, password, stop: async () => undefined }, controlDatabase: external.controlDatabase, description: `PostgreSQL at ${where}` };
}

/**
 * Creates the control database marked with this twin's claim, or finds it so marked. One without the mark (another
 * twin's, another program's, or this DATA_DIR's before it was deleted) is refused rather than taken over.
 */
export async function claimControlDatabase(admin: Database, database: string, claim: string, where: string): Promise<void> {
  const marker = `Orchestra System local twin ${claim}`;
  const refused = () =>
    new Error(
      `The database ${database} at ${where} is not this twin's: another twin or program keeps its data there (or this DATA_DIR's, deleted since). ` +
        `Name another database in DATABASE_URL, or drop that one (and the orch_… databases and logins it made) to start over.`,
    );
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = :database`,
    { database },
  );
  if (rows.length > 0) {
    if (rows[0].comment !== marker) throw refused();
    return;
  }
  try {
    await execute(admin, `'CREATE DATABASE %I', :database::text`, { database });
  } catch (error) {
    // Another twin created it a moment ago.
    if (error instanceof SqlError && error.code === '42P04') throw refused();
    throw error;
  }
  await execute(admin, `'COMMENT ON DATABASE %I IS %L', :database::text, :marker::text`, { database, marker });
}

async function execute(db: Database, template: string, params: Record<string, string>): Promise<void> {
  const { rows } = await db.query<{ sql: string }>(`SELECT format(${template}) AS sql`, params);
  await db.query(rows[0].sql);
}

async function readStoredServer(dataDir: string): Promise<StoredServer | undefined> {
  try {
    return JSON.parse(await readFile(storedServerFile(dataDir), 'utf8')) as StoredServer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${storedServerFile(dataDir)} is unreadable: delete it and the twin's databases on that server to start over`);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
