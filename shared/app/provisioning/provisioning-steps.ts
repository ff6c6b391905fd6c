import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../ports/database';
import type { DatabaseCredentials, Secrets } from '../../ports/secrets';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import { findOrchestraBySubdomain } from '../../tenancy/orchestra-registry';
import { migrate } from '../../db/migrate';
import { seedOrchestra } from '../../seed/seed-orchestra';
import { ensureOrchestraDatabase, ensureOrchestraLogin, orchestraDatabaseName, orchestraLoginName } from './orchestra-database-sql';

/**
 * The steps of creating an orchestra (SPEC §4). Each is idempotent: running it again after a partial or
 * complete run does no harm. The provisioning workflow runs them as separate Tasks; the local twin's
 * first start runs them in a row for the demo orchestra.
 */
export interface NewOrchestra {
  name: string;
  subdomain: string;
  contactEmail: string;
  plan: 'small' | 'medium' | 'institution';
}

export async function registerOrchestra(control: Queryable, input: NewOrchestra, secretPrefix: string): Promise<OrchestraRecord> {
  const existing = await findOrchestraBySubdomain(control, input.subdomain);
  if (existing) return existing;
  await control.query(
    `INSERT INTO orchestras (code, name, subdomain, contact_email, plan, database_name, secret_ref)
     VALUES ('ORCH' || lpad(nextval('orchestra_code_seq')::text, 3, '0'), :name, :subdomain, :contactEmail, :plan, :databaseName, :secretRef)
     ON CONFLICT (subdomain) DO NOTHING`,
    { ...input, databaseName: orchestraDatabaseName(input.subdomain), secretRef: `${secretPrefix}${input.subdomain}` },
  );
  return (await findOrchestraBySubdomain(control, input.subdomain))!;
}

/**
 * Creates the orchestra's login and database, stores the login's credentials as its secret and records the
 * secret's reference (its ARN in AWS, which the Data API requires) in the registry.
 * The password is new on every run, so a re-run always leaves the secret and the login in agreement.
 */
export async function createOrchestraDatabase(
  control: Queryable,
  admin: Queryable,
  secrets: Secrets,
  orchestra: OrchestraRecord,
  server: { host?: string; port?: number },
): Promise<string> {
  const username = orchestraLoginName(orchestra.subdomain);
  const password = randomBytes(24).toString('base64url');
  await ensureOrchestraLogin(admin, username, password);
  await ensureOrchestraDatabase(admin, orchestra.databaseName, username);
  const credentials: DatabaseCredentials = { engine: 'postgres', username, password, dbname: orchestra.databaseName, ...server };
  const secretRef = await secrets.put(orchestra.secretRef, credentials, { 'orchestra-id': orchestra.id, 'orchestra-subdomain': orchestra.subdomain });
  await control.query(`UPDATE orchestras SET secret_ref = :secretRef, updated_at = now() WHERE id = :id::uuid`, { secretRef, id: orchestra.id });
  return secretRef;
}

/** Migrates to the latest version, or only up to `upTo` (a restore's backup version; the rest follows the restore). */
export async function migrateOrchestraDatabase(control: Queryable, db: Database, orchestraId: string, upTo?: string): Promise<string | null> {
  const { version } = await migrate(db, 'orchestra', { upTo });
  await control.query(`UPDATE orchestras SET schema_version = :version, updated_at = now() WHERE id = :id::uuid`, {
    version,
    id: orchestraId,
  });
  return version;
}

export async function seedOrchestraDatabase(db: Database, orchestra: OrchestraRecord): Promise<void> {
  await seedOrchestra(db, { orchestraName: orchestra.name, senderName: orchestra.name });
}

export async function activateOrchestra(control: Queryable, orchestraId: string, now: Date): Promise<void> {
  await control.query(
    `UPDATE orchestras SET status = 'active', activated_at = coalesce(activated_at, :now), failed_step = NULL, failure_cause = NULL, updated_at = :now
      WHERE id = :id::uuid AND status IN ('provisioning', 'active')`,
    { id: orchestraId, now },
  );
}
