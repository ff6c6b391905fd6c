import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../ports/database';
import { splitStatements } from './split-statements';

/**
 * The one migration runner, for the control database and every orchestra database, through either
 * adapter. Files are `migrations/<kind>/NNNN_name.sql`, applied in order and recorded in
 * schema_migrations with their SHA-256, so an edited or vanished applied file is refused, not ignored.
 *
 * All pending files run in ONE transaction that first takes a transaction-level advisory lock: the
 * Data API gives no session that outlives a call, so a session lock could not hold across statements,
 * while a transaction does. A second runner waits on the lock, then re-reads what is applied and
 * finds nothing left to do. Each file is split into single statements (the Data API runs one per call),
 * so migrations must be transactional SQL (no CREATE INDEX CONCURRENTLY, no VACUUM).
 */
export type MigrationKind = 'control' | 'orchestra';

export interface MigrationFile {
  /** The NNNN prefix, e.g. `0003`. */
  version: string;
  /** The rest of the file name without `.sql`, e.g. `add_reminders`. */
  name: string;
  fileName: string;
  sql: string;
  checksum: string;
}

export interface MigrationOptions {
  /** Folder holding `control/` and `orchestra/`; else env MIGRATIONS_DIR; else the repository's `migrations/`. */
  directory?: string;
}

export interface MigrateOptions extends MigrationOptions {
  /**
   * Apply nothing past this version (a restore first brings a new database only to its backup's version).
   * It must be the version of one of the files; anything else is refused before any change.
   */
  upTo?: string;
}

export interface MigrationOutcome {
  /** File names applied by this run, in order. */
  applied: string[];
  /** The highest applied version afterwards, or null when none is. */
  version: string | null;
}

/** Any constant works as long as every runner uses it; the key is scoped to the current database. */
const migrationLockKey = 4_711_202_611;

const fileNamePattern = /^(\d{4})_([A-Za-z0-9_-]+)\.sql$/;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** An `upTo` that names no migration file: newer than the code's latest, or a version that never existed. */
export class UnknownMigrationVersion extends MigrationError {
  constructor(kind: MigrationKind, version: string, files: MigrationFile[]) {
    const latest = files.at(-1)?.version;
    super(
      latest !== undefined && version > latest
        ? `${kind} schema version ${version} is newer than the latest migration this code has (${latest})`
        : `${kind} schema version ${version} is not a known migration (known: ${files.map((f) => f.version).join(', ') || 'none'})`,
    );
    this.name = 'UnknownMigrationVersion';
  }
}

export function migrationsDirectory(kind: MigrationKind, options: MigrationOptions = {}): string {
  // A bundled Lambda has no repository around it: its build copies the folder next to the bundle and sets
  // MIGRATIONS_DIR relative to the function's code, which Lambda names in LAMBDA_TASK_ROOT (/var/task).
  const configured = process.env.MIGRATIONS_DIR;
  const fromEnvironment = configured && resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), configured);
  const root = options.directory ?? fromEnvironment ?? fileURLToPath(new URL('../../migrations', import.meta.url));
  return join(root, kind);
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export async function listMigrations(kind: MigrationKind, options: MigrationOptions = {}): Promise<MigrationFile[]> {
  const directory = migrationsDirectory(kind, options);
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MigrationError(`No migrations folder at ${directory}`);
    throw error;
  }
  const files: MigrationFile[] = [];
  const seen = new Map<string, string>();
  for (const fileName of entries.filter((f) => f.endsWith('.sql')).sort()) {
    const match = fileNamePattern.exec(fileName);
    if (!match) throw new MigrationError(`Migration file ${kind}/${fileName} is not named NNNN_name.sql`);
    const [, version, name] = match;
    const other = seen.get(version);
    if (other) throw new MigrationError(`Migrations ${kind}/${other} and ${kind}/${fileName} share version ${version}`);
    seen.set(version, fileName);
    const sql = await readFile(join(directory, fileName), 'utf8');
    files.push({ version, name, fileName, sql, checksum: checksumOf(sql) });
  }
  return files;
}

export async function latestVersion(kind: MigrationKind, options: MigrationOptions = {}): Promise<string | null> {
  const files = await listMigrations(kind, options);
  return files.length > 0 ? files[files.length - 1].version : null;
}

interface AppliedRow {
  version: string;
  name: string;
  checksum: string;
}

export async function migrate(db: Database, kind: MigrationKind, options: MigrateOptions = {}): Promise<MigrationOutcome> {
  const files = await listMigrations(kind, options);
  const { upTo } = options;
  if (upTo !== undefined && !files.some((f) => f.version === upTo)) throw new UnknownMigrationVersion(kind, upTo, files);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT true AS locked FROM pg_advisory_xact_lock(${migrationLockKey})`);
    const { rows: present } = await tx.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
    if (!present[0].present) {
      await tx.query(`CREATE TABLE schema_migrations (
        version     text PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
    }
    // Read only now, under the lock: another runner may have finished while this one waited.
    const { rows: applied } = await tx.query<AppliedRow>(`SELECT version, name, checksum FROM schema_migrations ORDER BY version`);

    const byVersion = new Map(files.map((f) => [f.version, f]));
    for (const row of applied) {
      const file = byVersion.get(row.version);
      if (!file) {
        throw new MigrationError(`Applied migration ${kind}/${row.version}_${row.name}.sql is missing from ${migrationsDirectory(kind, options)}`);
      }
      if (file.checksum !== row.checksum) {
        throw new MigrationError(
          `Migration ${kind}/${file.fileName} was changed after it was applied (checksum differs); add a new migration instead`,
        );
      }
    }

    const appliedVersions = new Set(applied.map((r) => r.version));
    const newestApplied = applied.length > 0 ? applied[applied.length - 1].version : null;
    const pending = files.filter((f) => !appliedVersions.has(f.version));
    for (const file of pending) {
      if (newestApplied !== null && file.version < newestApplied) {
        throw new MigrationError(
          `Migration ${kind}/${file.fileName} is older than the applied version ${newestApplied}; renumber it after ${newestApplied}`,
        );
      }
    }

    // Every pending file was checked above; only those up to the target run now.
    const toApply = upTo === undefined ? pending : pending.filter((f) => f.version <= upTo);
    for (const file of toApply) {
      for (const statement of splitStatements(file.sql)) {
        try {
          await tx.query(statement);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const failure = new MigrationError(`Migration ${kind}/${file.fileName} failed: ${reason}`);
          (failure as { code?: string }).code = (error as { code?: string }).code;
          throw failure;
        }
      }
      await tx.query(`INSERT INTO schema_migrations (version, name, checksum) VALUES (:version, :name, :checksum)`, {
        version: file.version,
        name: file.name,
        checksum: file.checksum,
      });
    }

    const version = toApply.length > 0 ? toApply[toApply.length - 1].version : newestApplied;
    return { applied: toApply.map((f) => f.fileName), version };
  });
}
