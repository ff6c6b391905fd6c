import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSecrets } from '../../shared/adapters/local/file-secrets';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { closeDatabaseToPublic, dropOrchestraDatabase, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { createOrchestraDatabase, migrateOrchestraDatabase, registerOrchestra } from '../../shared/app/provisioning/provisioning-steps';
import type { Database } from '../../shared/ports/database';
import type { DatabaseCredentials, Secrets } from '../../shared/ports/secrets';
import type { OrchestraRecord } from '../../shared/tenancy/orchestra-registry';
import { adminConnection, createTestDatabase, type TestDatabase } from '../support/test-database';

/** Each orchestra's login reaches its own database and nothing else (SPEC: one database per orchestra). */
describe('orchestra database isolation', () => {
  let control: TestDatabase;
  let admin: Awaited<ReturnType<typeof adminConnection>>;
  let secrets: Secrets;
  let dir: string;
  const made: OrchestraRecord[] = [];
  const suffix = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'isolation-'));
    secrets = createFileSecrets(join(dir, 'secrets.json'));
    control = await createTestDatabase('control');
    admin = await adminConnection();
    await closeDatabaseToPublic(admin.pg, control.name);
    for (const name of ['one', 'two']) {
      const record = await registerOrchestra(
        control.pg,
        { name, subdomain: `iso-${name}-${suffix}`, contactEmail: 'office@example.org', plan: 'small' },
        'test/iso/',
      );
      made.push(record);
      await createOrchestraDatabase(control.pg, admin.pg, secrets, record, { host: admin.server.host, port: admin.server.port });
    }
  });

  afterAll(async () => {
    for (const r of made) await dropOrchestraDatabase(admin.pg, r.databaseName, orchestraLoginName(r.subdomain));
    await admin.pg.close();
    await control.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const connectAs = async (record: OrchestraRecord, database: string): Promise<Database> => {
    const c = await secrets.get<DatabaseCredentials>(record.secretRef);
    return createPgDatabase({ host: admin.server.host, port: admin.server.port, user: c.username, password: c.password, database, max: 1 });
  };

  it('lets a login use its own database, migrated and owned by it', async () => {
    const db = await connectAs(made[0], made[0].databaseName);
    try {
      await migrateOrchestraDatabase(control.pg, db, made[0].id);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians`);
      expect(rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("refuses a login on another orchestra's database and on the control database", async () => {
    for (const database of [made[1].databaseName, control.name]) {
      const db = await connectAs(made[0], database);
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: '42501' });
      await db.close();
    }
  });

  it('stores the credentials as a secret tagged with the orchestra id, and re-running the step keeps them working', async () => {
    const secretRef = await createOrchestraDatabase(control.pg, admin.pg, secrets, made[1], { host: admin.server.host, port: admin.server.port });
    const registry = await control.pg.query<{ secretRef: string }>(`SELECT secret_ref AS "secretRef" FROM orchestras WHERE id = :id::uuid`, { id: made[1].id });
    expect(registry.rows[0].secretRef).toBe(secretRef);
    const db = await connectAs(made[1], made[1].databaseName);
    try {
      expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await db.close();
    }
    const stored = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    expect(stored[made[1].secretRef].tags).toEqual({ 'orchestra-id': made[1].id, 'orchestra-subdomain': made[1].subdomain });
    const { rows } = await admin.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_database WHERE datname = :name`, { name: made[1].databaseName });
    expect(rows[0].n).toBe(1);
  });
});
