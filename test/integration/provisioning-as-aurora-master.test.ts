import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import {
  databaseExists,
  dropOrchestraDatabase,
  ensureOrchestraDatabase,
  ensureOrchestraLogin,
  roleExists,
} from '../../shared/app/provisioning/orchestra-database-sql';
import type { Database } from '../../shared/ports/database';
import { adminConnection, testServer } from '../support/test-database';

/**
 * Provisioning's database SQL as Aurora runs it: the cluster's master user may create databases and roles but
 * is no superuser (PostgreSQL 16+ then asks for membership in a database's owner). Found by the deployed tier:
 * the orchestra database step failed with `must be able to SET ROLE "orch_…_app"`.
 */
describe('orchestra database SQL as a non-superuser master (Aurora)', () => {
  const suffix = randomBytes(3).toString('hex');
  const master = `aurora_master_${suffix}`;
  const password = randomBytes(12).toString('hex');
  let superuser: Database;
  let asMaster: Database;

  beforeAll(async () => {
    superuser = (await adminConnection()).pg;
    await superuser.query(`CREATE ROLE ${master} LOGIN CREATEDB CREATEROLE PASSWORD '${password}'`);
    // Aurora's master owns `postgres`; on this shared server other tests close it to PUBLIC (as provisioning does).
    await superuser.query(`GRANT CONNECT, TEMPORARY ON DATABASE postgres TO ${master}`);
    const server = testServer();
    asMaster = createPgDatabase({ host: server.host, port: server.port, user: master, password, database: 'postgres', max: 1 });
  });
  afterAll(async () => {
    await asMaster?.close();
    await superuser?.query(`REVOKE ALL ON DATABASE postgres FROM ${master}`);
    await superuser?.query(`DROP ROLE IF EXISTS ${master}`);
    await superuser?.close();
  });

  it('creates the login and its database, again without harm, and drops both', async () => {
    const login = `orch_aurora_${suffix}_app`;
    const database = `orch_aurora_${suffix}`;
    await ensureOrchestraLogin(asMaster, login, 'first-password');
    await ensureOrchestraDatabase(asMaster, database, login);
    // A retried step runs it all again.
    await ensureOrchestraLogin(asMaster, login, 'second-password');
    await ensureOrchestraDatabase(asMaster, database, login);
    const { rows } = await superuser.query<{ owner: string }>(
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = :database`,
      { database },
    );
    expect(rows).toEqual([{ owner: login }]);

    await dropOrchestraDatabase(asMaster, database, login);
    expect(await databaseExists(superuser, database)).toBe(false);
    expect(await roleExists(superuser, login)).toBe(false);
  });
});
