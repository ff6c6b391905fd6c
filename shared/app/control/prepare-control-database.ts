import type { Database } from '../../ports/database';
import { migrate } from '../../db/migrate';
import { closeDatabaseToPublic, ensureOrchestraLogin } from '../provisioning/orchestra-database-sql';

/**
 * Makes the control database ready, run as the cluster's admin (AWS: on every deploy; locally: at start):
 * migrate it, then (re)create the login the request functions use — it may read and write rows but not
 * change the schema — and close the shared databases to PUBLIC so orchestra logins cannot connect to them.
 */
export async function prepareControlDatabase(
  admin: Database,
  options: { databaseName: string; appLogin?: { username: string; password: string }; closeToPublic: string[] },
): Promise<{ version: string | null; applied: string[] }> {
  const outcome = await migrate(admin, 'control');
  for (const database of options.closeToPublic) await closeDatabaseToPublic(admin, database);
  if (options.appLogin) {
    const { username, password } = options.appLogin;
    await ensureOrchestraLogin(admin, username, password);
    await grantRowAccess(admin, options.databaseName, username);
  }
  return outcome;
}

async function grantRowAccess(admin: Database, database: string, login: string): Promise<void> {
  const statements = [
    `'GRANT CONNECT ON DATABASE %I TO %I', :database::text, :login::text`,
    `'GRANT USAGE ON SCHEMA public TO %I', :login::text`,
    `'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', :login::text`,
    `'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', :login::text`,
    // Tables of later migrations get the same grants without another step.
    `'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', :login::text`,
    `'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', :login::text`,
  ];
  for (const template of statements) {
    const { rows } = await admin.query<{ sql: string }>(`SELECT format(${template}) AS sql`, { database, login });
    await admin.query(rows[0].sql);
  }
}
