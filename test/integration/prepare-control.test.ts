import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareControlOnDeploy } from '../../functions/deploy/prepare-control';
import { createFileSecrets } from '../../shared/adapters/local/file-secrets';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { dropOrchestraDatabase } from '../../shared/app/provisioning/orchestra-database-sql';
import type { Database } from '../../shared/ports/database';
import { TestClock } from '../support/test-clock';
import { adminConnection, createTestDatabase, databaseAdapters, type TestDatabase } from '../support/test-database';

/** The deploy-time step: migrate the control database, refresh its app login, invite the first superadmin. */
describe.each(databaseAdapters)('preparing the control database on deploy ($adapter adapter)', ({ adapter, open }) => {
  let control: TestDatabase;
  let admin: Database;
  let dir: string;
  const appLogin = { username: `control_app_${adapter.replace('-', '_')}_${process.pid}`, password: 'app-login-password-1' };
  const deps = async () => ({
    admin,
    secrets: createFileSecrets(join(dir, 'secrets.json')),
    clock: new TestClock(),
    controlDatabaseName: control.name,
    controlAppSecretRef: 'control-app',
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prepare-control-'));
    await createFileSecrets(join(dir, 'secrets.json')).put('control-app', appLogin);
    control = await createTestDatabase('empty');
    admin = open(control.connection);
  });

  afterAll(async () => {
    await admin.close();
    await control.drop();
    const superuser = await adminConnection();
    await dropOrchestraDatabase(superuser.pg, `unused_${process.pid}`, appLogin.username);
    await superuser.pg.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates, invites the superadmin once, and is harmless to run again', async () => {
    const props = { MigrationsHash: 'h1', ApexUrl: 'https://orchestras.example.org', SuperadminEmail: 'Ops@Example.org' };
    const first = await prepareControlOnDeploy(props, await deps());
    expect(first).toMatchObject({ superadminInvited: true });
    expect(first.applied).toBeGreaterThan(0);
    const again = await prepareControlOnDeploy(props, await deps());
    expect(again).toEqual({ schemaVersion: first.schemaVersion, applied: 0, superadminInvited: false });

    const { rows } = await admin.query<{ email: string; hasPassword: boolean }>(
      `SELECT email, password_hash IS NOT NULL AS "hasPassword" FROM users WHERE role = 'superadmin'`,
    );
    expect(rows).toEqual([{ email: 'ops@example.org', hasPassword: false }]);
    const mail = await admin.query<{ text: string }>(`SELECT text_body AS text FROM outbox WHERE to_address = 'ops@example.org'`);
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0].text).toMatch(/https:\/\/orchestras\.example\.org\/set-password#token=[\w-]{40,}/);
  });

  it('gives the app login rows to read and write, but no schema changes', async () => {
    const app = createPgDatabase({ ...control.connection, user: appLogin.username, password: appLogin.password, max: 1 });
    try {
      await app.query(`INSERT INTO login_attempts (email, source_ip, succeeded) VALUES ('a@b.se', '127.0.0.1', false)`);
      expect((await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM login_attempts`)).rows[0].n).toBe(1);
      await expect(app.query(`CREATE TABLE sneaky (id int)`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.query(`DROP TABLE users`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.close();
    }
  });
});
