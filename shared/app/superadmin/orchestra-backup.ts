import type { Database, Queryable } from '../../ports/database';
import { neutraliseRestoredCopy, type NeutralisedCopy } from './neutralise-restored-copy';

/**
 * One orchestra's database as one JSON document (SPEC §4 "Backup"): every table's rows as PostgreSQL's
 * own to_jsonb gives them (so restoring with jsonb_populate_recordset is exact on either adapter), the
 * sequences behind the human codes, and the schema version the rows belong to.
 */
export const backupFormat = 'orchestra-system-backup';

export interface OrchestraBackup {
  format: typeof backupFormat;
  formatVersion: 1;
  orchestra: { id: string; code: string; name: string; subdomain: string; plan: string };
  schemaVersion: string | null;
  createdAt: string;
  /** Parents before children: the order a restore inserts in. */
  tables: { name: string; rows: Record<string, unknown>[] }[];
  sequences: { name: string; lastValue: number | null }[];
}

/** Rows per query: keeps every Data API response well under its size limit. */
const chunkRows = 500;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The orchestra's tables (the migration ledger aside), ordered so that referenced tables come first. */
export async function tablesInDependencyOrder(db: Queryable): Promise<string[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  const { rows: references } = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const r of references) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < parents.size) {
    const ready = [...parents].filter(([name, ps]) => !placed.has(name) && [...ps].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new Error('the orchestra schema has a cycle of foreign keys; no insert order exists');
    for (const [name] of ready) {
      placed.add(name);
      ordered.push(name);
    }
  }
  return ordered;
}

export async function schemaVersionOf(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ version: string | null }>(`SELECT max(version) AS version FROM schema_migrations`);
  return rows[0]?.version ?? null;
}

/** Reads the whole database in one snapshot, so rows of different tables agree with each other. */
export async function exportOrchestra(db: Database, orchestra: OrchestraBackup['orchestra'], now: Date): Promise<OrchestraBackup> {
  return db.transaction(async (tx) => {
    await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    const schemaVersion = await schemaVersionOf(tx);
    const tables: OrchestraBackup['tables'] = [];
    for (const name of await tablesInDependencyOrder(tx)) {
      const rows: Record<string, unknown>[] = [];
      for (let offset = 0; ; offset += chunkRows) {
        const { rows: chunk } = await tx.query<{ row: Record<string, unknown> }>(
          `SELECT to_jsonb(t) AS row FROM ${quoteIdentifier(name)} t ORDER BY ctid LIMIT :limit::int OFFSET :offset::int`,
          { limit: chunkRows, offset },
        );
        rows.push(...chunk.map((c) => c.row));
        if (chunk.length < chunkRows) break;
      }
      tables.push({ name, rows });
    }
    const { rows: sequences } = await tx.query<{ name: string; lastValue: number | null }>(
      `SELECT sequencename AS name, last_value AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
    );
    return { format: backupFormat, formatVersion: 1, orchestra, schemaVersion, createdAt: now.toISOString(), tables, sequences };
  });
}

export class BackupNotRestorable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupNotRestorable';
  }
}

/** Checks a parsed file is a backup this code can restore; returns it typed. */
export function parseBackup(content: unknown): OrchestraBackup {
  const b = content as Partial<OrchestraBackup> | null;
  if (!b || b.format !== backupFormat || b.formatVersion !== 1 || !Array.isArray(b.tables) || !Array.isArray(b.sequences)) {
    throw new BackupNotRestorable('the file is not an Orchestra System backup (format 1)');
  }
  return b as OrchestraBackup;
}

/**
 * Fills a freshly migrated orchestra database from a backup, in one transaction: whatever the migrations
 * put in is replaced, rows go in parents first, sequences continue where the backup's stopped. Running it
 * again gives the same result. The backup must be of the database's own schema version: provisioning
 * migrates a new database only that far before the restore, and the remaining migrations after it.
 * The copy is neutralised in the same transaction (SPEC §7.6), so it never acts for the original.
 */
export async function restoreOrchestra(db: Database, backup: OrchestraBackup, now: Date): Promise<{ rows: number; neutralised: NeutralisedCopy }> {
  const current = await schemaVersionOf(db);
  if (backup.schemaVersion !== current) {
    throw new BackupNotRestorable(`the backup has schema version ${backup.schemaVersion ?? 'none'}, the new database ${current ?? 'none'}: a restore needs the database migrated to the backup's version, no further`);
  }
  return db.transaction(async (tx) => {
    const order = await tablesInDependencyOrder(tx);
    const unknown = backup.tables.filter((t) => !order.includes(t.name)).map((t) => t.name);
    if (unknown.length) throw new BackupNotRestorable(`the backup holds tables this schema lacks: ${unknown.join(', ')}`);
    for (const name of [...order].reverse()) await tx.query(`DELETE FROM ${quoteIdentifier(name)}`);
    const byName = new Map(backup.tables.map((t) => [t.name, t.rows]));
    let restored = 0;
    for (const name of order) {
      const rows = byName.get(name) ?? [];
      if (rows.length === 0) continue;
      const { rows: columns } = await tx.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = :table AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        { table: name },
      );
      const list = columns.map((c) => quoteIdentifier(c.name)).join(', ');
      for (let i = 0; i < rows.length; i += chunkRows) {
        const chunk = rows.slice(i, i + chunkRows);
        // OVERRIDING SYSTEM VALUE keeps identity columns (audit ids) as they were.
        await tx.query(
          `INSERT INTO ${quoteIdentifier(name)} (${list}) OVERRIDING SYSTEM VALUE
           SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoteIdentifier(name)}, :rows::jsonb)`,
          { rows: chunk },
        );
        restored += chunk.length;
      }
    }
    for (const s of backup.sequences) {
      await tx.query(`SELECT setval(:name::regclass, :value::bigint, :called)`, {
        name: quoteIdentifier(s.name),
        value: s.lastValue ?? 1,
        called: s.lastValue !== null,
      });
    }
    return { rows: restored, neutralised: await neutraliseRestoredCopy(tx, now) };
  });
}
