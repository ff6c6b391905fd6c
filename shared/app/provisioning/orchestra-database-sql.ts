import type { Queryable } from '../../ports/database';

/**
 * The provisioning SQL both paths use: the local twin runs it through pg as the embedded superuser,
 * AWS runs it through the Data API with the cluster's admin secret. DDL cannot take bind parameters,
 * so statements are built by PostgreSQL's own format() with %I / %L from parameters, then executed.
 *
 * The orchestra's login owns its database (and so, on PostgreSQL 15+, its public schema); CONNECT is
 * revoked from PUBLIC on every database, so the login can reach its own database and nothing else.
 */
export function orchestraDatabaseName(subdomain: string): string {
  return `orch_${subdomain.replace(/-/g, '_')}`;
}

export function orchestraLoginName(subdomain: string): string {
  return `orch_${subdomain.replace(/-/g, '_')}_app`;
}

async function executeFormatted(db: Queryable, template: string, params: Record<string, unknown>): Promise<void> {
  const { rows } = await db.query<{ sql: string }>(`SELECT format(${template}) AS sql`, params);
  await db.query(rows[0].sql);
}

export async function databaseExists(db: Queryable, name: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM pg_database WHERE datname = :name`, { name });
  return rows.length > 0;
}

export async function roleExists(db: Queryable, name: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM pg_roles WHERE rolname = :name`, { name });
  return rows.length > 0;
}

/** Creates (or resets the password of) the orchestra's login. Idempotent. */
export async function ensureOrchestraLogin(db: Queryable, login: string, password: string): Promise<void> {
  if (await roleExists(db, login)) {
    // Only the password: a master that is no superuser (Aurora) may not name SUPERUSER attributes in ALTER ROLE.
    await executeFormatted(db, `'ALTER ROLE %I WITH LOGIN PASSWORD %L', :login::text, :password::text`, { login, password });
    return;
  }
  // The login is granted no role. On PostgreSQL 15 NOINHERIT would also withhold what the database owner's
  // implicit pg_database_owner membership carries (CREATE on its public schema), which 16+ grants it anyway.
  const inherit = (await grantsRoleOptions(db)) ? 'NOINHERIT' : 'INHERIT';
  await executeFormatted(
    db,
    `'CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE ${inherit} CONNECTION LIMIT 40', :login::text, :password::text`,
    { login, password },
  );
}

/** Creates the orchestra's database owned by its login; closes it to everyone else. Idempotent. */
export async function ensureOrchestraDatabase(db: Queryable, database: string, owner: string): Promise<void> {
  // Aurora's master user is no superuser: since PostgreSQL 16, CREATE DATABASE … OWNER needs it to be able to
  // SET ROLE to the owner, and dropping the database later needs the owner's privileges (INHERIT). The login
  // was created by the master, which holds ADMIN OPTION on it, so it may grant itself that membership.
  // PostgreSQL 15 knows no such options: there plain membership is both (and all CREATE DATABASE … OWNER needs).
  if (await grantsRoleOptions(db)) {
    await executeFormatted(db, `'GRANT %I TO CURRENT_USER WITH INHERIT TRUE, SET TRUE', :owner::text`, { owner });
  } else {
    await executeFormatted(db, `'GRANT %I TO CURRENT_USER', :owner::text`, { owner });
  }
  if (!(await databaseExists(db, database))) {
    await executeFormatted(db, `'CREATE DATABASE %I OWNER %I', :database::text, :owner::text`, { database, owner });
  }
  await executeFormatted(db, `'REVOKE ALL ON DATABASE %I FROM PUBLIC', :database::text`, { database });
  await executeFormatted(db, `'GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :database::text, :owner::text`, { database, owner });
}

/** True from PostgreSQL 16 on, whose GRANT of a role takes INHERIT and SET options. */
async function grantsRoleOptions(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ options: boolean }>(`SELECT current_setting('server_version_num')::int >= 160000 AS options`);
  return rows[0].options;
}

/** Closes a shared database (control, postgres) to PUBLIC, so orchestra logins cannot connect to it. */
export async function closeDatabaseToPublic(db: Queryable, database: string): Promise<void> {
  await executeFormatted(db, `'REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', :database::text`, { database });
}

/** Compensation: drops what provisioning made. Safe to run when any part is missing. */
export async function dropOrchestraDatabase(db: Queryable, database: string, login: string): Promise<void> {
  if (await databaseExists(db, database)) {
    await executeFormatted(db, `'DROP DATABASE %I WITH (FORCE)', :database::text`, { database });
  }
  if (await roleExists(db, login)) {
    await executeFormatted(db, `'DROP ROLE %I', :login::text`, { login });
  }
}
