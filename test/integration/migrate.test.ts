import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, listMigrations, migrate, MigrationError, UnknownMigrationVersion } from '../../shared/db/migrate';
import type { Database } from '../../shared/ports/database';
import { createTestDatabase, dataApiDatabaseFor, type TestDatabase } from '../support/test-database';

const first = `-- Members of the ensemble.
CREATE TABLE members (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name  text NOT NULL
);
CREATE TABLE migration_log (file text NOT NULL);
INSERT INTO migration_log VALUES ('0001');
`;

const second = `ALTER TABLE members ADD COLUMN instrument text NOT NULL DEFAULT 'violin; viola';
CREATE FUNCTION member_count() RETURNS bigint AS $$
BEGIN
  RETURN (SELECT count(*) FROM members); -- a semicolon inside the body
END;
$$ LANGUAGE plpgsql;
INSERT INTO migration_log VALUES ('0002');
`;

const third = `INSERT INTO members (name) VALUES ('Clara');
INSERT INTO migration_log VALUES ('0003');
`;

let folder: string;
const open: { close(): Promise<void> }[] = [];
const databases: TestDatabase[] = [];

async function writeMigration(fileName: string, sql: string, kind = 'control'): Promise<void> {
  await mkdir(join(folder, kind), { recursive: true });
  await writeFile(join(folder, kind, fileName), sql);
}

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('empty');
  databases.push(db);
  return db;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function log(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ file: string }>('SELECT file FROM migration_log ORDER BY file');
  return rows.map((r) => r.file);
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'orchestra-migrations-'));
  await mkdir(join(folder, 'control'));
  await mkdir(join(folder, 'orchestra'));
});

afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close();
  for (const db of databases.splice(0)) await db.drop();
  await rm(folder, { recursive: true, force: true });
});

afterAll(() => {
  delete process.env.MIGRATIONS_DIR;
});

describe('migrate', () => {
  it('applies files in order and records version, name and checksum', async () => {
    await writeMigration('0002_instruments.sql', second);
    await writeMigration('0001_members.sql', first);
    await writeMigration('README.md', 'not a migration');
    const { pg } = await freshDatabase();

    const outcome = await migrate(pg, 'control', { directory: folder });

    expect(outcome).toEqual({ applied: ['0001_members.sql', '0002_instruments.sql'], version: '0002' });
    expect(await log(pg)).toEqual(['0001', '0002']);
    expect((await pg.query('SELECT member_count() AS n')).rows[0].n).toBe(0);
    const { rows } = await pg.query<{ version: string; name: string; checksum: string; applied_at: string }>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual([
      { version: '0001', name: 'members', checksum: sha256(first) },
      { version: '0002', name: 'instruments', checksum: sha256(second) },
    ]);
    expect(rows[0].applied_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('applies nothing on a second run, and only new files later', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0002_instruments.sql', second);
    const { pg } = await freshDatabase();
    await migrate(pg, 'control', { directory: folder });

    expect(await migrate(pg, 'control', { directory: folder })).toEqual({ applied: [], version: '0002' });

    await writeMigration('0003_first_member.sql', third);
    expect(await migrate(pg, 'control', { directory: folder })).toEqual({ applied: ['0003_first_member.sql'], version: '0003' });
    expect(await log(pg)).toEqual(['0001', '0002', '0003']);
  });

  it('stops at upTo, then applies the rest on a run without it', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0002_instruments.sql', second);
    await writeMigration('0003_first_member.sql', third);
    const { pg } = await freshDatabase();

    expect(await migrate(pg, 'control', { directory: folder, upTo: '0002' })).toEqual({
      applied: ['0001_members.sql', '0002_instruments.sql'],
      version: '0002',
    });
    expect(await log(pg)).toEqual(['0001', '0002']);
    // A target already passed applies nothing and reports where the database is.
    expect(await migrate(pg, 'control', { directory: folder, upTo: '0001' })).toEqual({ applied: [], version: '0002' });
    expect(await migrate(pg, 'control', { directory: folder })).toEqual({ applied: ['0003_first_member.sql'], version: '0003' });
    expect(await log(pg)).toEqual(['0001', '0002', '0003']);
  });

  it('refuses an upTo that is no migration version, before changing anything', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0003_first_member.sql', third);
    const { pg } = await freshDatabase();

    const newer = await migrate(pg, 'control', { directory: folder, upTo: '0004' }).catch((e: unknown) => e);
    expect(newer).toBeInstanceOf(UnknownMigrationVersion);
    expect((newer as Error).message).toBe('control schema version 0004 is newer than the latest migration this code has (0003)');
    await expect(migrate(pg, 'control', { directory: folder, upTo: '0002' })).rejects.toThrow(
      'control schema version 0002 is not a known migration (known: 0001, 0003)',
    );
    expect((await pg.query(`SELECT to_regclass('schema_migrations') IS NULL AS untouched`)).rows[0].untouched).toBe(true);
  });

  it('creates only schema_migrations when there is nothing to apply', async () => {
    const { pg } = await freshDatabase();
    expect(await migrate(pg, 'orchestra', { directory: folder })).toEqual({ applied: [], version: null });
    expect((await pg.query(`SELECT count(*)::int AS n FROM schema_migrations`)).rows[0].n).toBe(0);
  });

  it('refuses to run when an applied file was edited, naming it, and applies nothing else', async () => {
    await writeMigration('0001_members.sql', first);
    const { pg } = await freshDatabase();
    await migrate(pg, 'control', { directory: folder });
    await writeMigration('0001_members.sql', first.replace('NOT NULL', 'NULL'));
    await writeMigration('0002_instruments.sql', second);

    const error = await migrate(pg, 'control', { directory: folder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain('control/0001_members.sql');
    expect((error as Error).message).toMatch(/changed/);
    expect(await log(pg)).toEqual(['0001']);
  });

  it('refuses to run when an applied file disappeared, naming it', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0002_instruments.sql', second);
    const { pg } = await freshDatabase();
    await migrate(pg, 'control', { directory: folder });
    await unlink(join(folder, 'control', '0002_instruments.sql'));

    await expect(migrate(pg, 'control', { directory: folder })).rejects.toThrow(/0002_instruments\.sql is missing/);
  });

  it('refuses a new file numbered below an applied one', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0003_first_member.sql', third);
    const { pg } = await freshDatabase();
    await migrate(pg, 'control', { directory: folder });
    await writeMigration('0002_instruments.sql', second);

    await expect(migrate(pg, 'control', { directory: folder })).rejects.toThrow(/0002_instruments\.sql is older than the applied version 0003/);
  });

  it('rolls back the whole run when a file fails, naming the file and keeping the SQLSTATE', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0002_broken.sql', 'ALTER TABLE no_such_table ADD COLUMN x int;');
    const { pg } = await freshDatabase();

    const error = await migrate(pg, 'control', { directory: folder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: '42P01' });
    expect((error as Error).message).toContain('control/0002_broken.sql');
    expect((await pg.query(`SELECT to_regclass('members') IS NULL AS gone`)).rows[0].gone).toBe(true);
    expect((await pg.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'schema_migrations'`)).rows[0].n).toBe(0);
  });

  it('applies each migration exactly once when two runners start at the same time', async () => {
    // The pause keeps the first runner inside its transaction while the second one arrives.
    await writeMigration('0001_members.sql', `${first}SELECT pg_sleep(0.3);\n`);
    await writeMigration('0002_instruments.sql', second);
    const testDb = await freshDatabase();
    const other = dataApiDatabaseFor(testDb.connection);
    open.push(other);

    const outcomes = await Promise.all([
      migrate(testDb.pg, 'control', { directory: folder }),
      migrate(other, 'control', { directory: folder }),
    ]);

    expect(outcomes.flatMap((o) => o.applied).sort()).toEqual(['0001_members.sql', '0002_instruments.sql']);
    expect(outcomes.map((o) => o.version)).toEqual(['0002', '0002']);
    expect(await log(testDb.pg)).toEqual(['0001', '0002']);
  });

  it('works through the Data API adapter, one statement per call', async () => {
    await writeMigration('0001_members.sql', first);
    await writeMigration('0002_instruments.sql', second);
    const testDb = await freshDatabase();
    const dataApi = dataApiDatabaseFor(testDb.connection);
    open.push(dataApi);

    expect(await migrate(dataApi, 'control', { directory: folder })).toEqual({
      applied: ['0001_members.sql', '0002_instruments.sql'],
      version: '0002',
    });
    expect(await migrate(dataApi, 'control', { directory: folder })).toEqual({ applied: [], version: '0002' });
    expect(await log(testDb.pg)).toEqual(['0001', '0002']);
    // Every statement ran inside the runner's transaction.
    const statements = dataApi.standIn.calls.filter((c) => c.command === 'ExecuteStatement');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((c) => Boolean((c.input as { transactionId?: string }).transactionId))).toBe(true);
  });
});

describe('listMigrations and latestVersion', () => {
  it('list files in order with checksums, and name the latest version', async () => {
    await writeMigration('0002_instruments.sql', second, 'orchestra');
    await writeMigration('0001_members.sql', first, 'orchestra');
    const files = await listMigrations('orchestra', { directory: folder });
    expect(files.map((f) => [f.version, f.name, f.fileName])).toEqual([
      ['0001', 'members', '0001_members.sql'],
      ['0002', 'instruments', '0002_instruments.sql'],
    ]);
    expect(files[0].checksum).toBe(sha256(first));
    expect(await latestVersion('orchestra', { directory: folder })).toBe('0002');
    expect(await latestVersion('control', { directory: folder })).toBeNull();
  });

  it('reject a misnamed SQL file and a duplicated version', async () => {
    await writeMigration('1_members.sql', first);
    await expect(listMigrations('control', { directory: folder })).rejects.toThrow(/control\/1_members\.sql is not named NNNN_name\.sql/);
    await unlink(join(folder, 'control', '1_members.sql'));
    await writeMigration('0001_members.sql', first);
    await writeMigration('0001_other.sql', second);
    await expect(listMigrations('control', { directory: folder })).rejects.toThrow(/share version 0001/);
  });

  it('find the folder through MIGRATIONS_DIR when no directory is given', async () => {
    await writeMigration('0007_only.sql', 'SELECT 1;');
    process.env.MIGRATIONS_DIR = folder;
    try {
      expect(await latestVersion('control')).toBe('0007');
    } finally {
      delete process.env.MIGRATIONS_DIR;
    }
  });

  it("read a relative MIGRATIONS_DIR from the function's code folder (LAMBDA_TASK_ROOT), as a deployed function does", async () => {
    await writeMigration('0009_bundled.sql', 'SELECT 1;');
    process.env.LAMBDA_TASK_ROOT = dirname(folder);
    process.env.MIGRATIONS_DIR = basename(folder);
    try {
      expect(await latestVersion('control')).toBe('0009');
    } finally {
      delete process.env.MIGRATIONS_DIR;
      delete process.env.LAMBDA_TASK_ROOT;
    }
  });

  it('read the repository migrations by default, as the test templates were built from', async () => {
    const files = await listMigrations('control');
    expect(files[0].fileName).toBe('0001_registry_and_accounts.sql');
    expect(files[0].sql).toBe(await readFile(new URL('../../migrations/control/0001_registry_and_accounts.sql', import.meta.url), 'utf8'));
    const control = await createTestDatabase('control');
    databases.push(control);
    const { rows } = await control.pg.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(await migrate(control.pg, 'control')).toEqual({ applied: [], version: files[files.length - 1].version });
  });

  it('applies the repository migrations of both kinds through the Data API as well', async () => {
    for (const kind of ['control', 'orchestra'] as const) {
      const testDb = await freshDatabase();
      const dataApi = dataApiDatabaseFor(testDb.connection);
      open.push(dataApi);
      const files = await listMigrations(kind);
      expect(await migrate(dataApi, kind)).toEqual({ applied: files.map((f) => f.fileName), version: files.at(-1)?.version ?? null });
    }
  });

  it('built the orchestra template from the repository migrations too (possibly none yet)', async () => {
    const files = await listMigrations('orchestra');
    const orchestra = await createTestDatabase('orchestra');
    databases.push(orchestra);
    const { rows } = await orchestra.pg.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
  });
});
