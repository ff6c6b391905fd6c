import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureAccount, setAccountPassword } from '../../shared/app/accounts/create-account';
import { prepareControlDatabase } from '../../shared/app/control/prepare-control-database';
import { databaseExists, orchestraDatabaseName, orchestraLoginName, roleExists } from '../../shared/app/provisioning/orchestra-database-sql';
import {
  activateOrchestra,
  createOrchestraDatabase,
  migrateOrchestraDatabase,
  registerOrchestra,
  seedOrchestraDatabase,
} from '../../shared/app/provisioning/provisioning-steps';
import { seedDemoData } from '../../shared/seed/demo-data';
import { findOrchestraBySubdomain, type OrchestraRecord } from '../../shared/tenancy/orchestra-registry';
import type { LocalConfig } from './local-config';
import { localSecretNames } from './local-config';
import { controlDatabaseName, type LocalRuntime } from './local-runtime';

export interface LocalAccount {
  email: string;
  password: string;
  /** True when the password came from the environment rather than being generated. */
  fromEnvironment: boolean;
}

export interface LocalAccounts {
  superadmin: LocalAccount;
  demoAdmin: LocalAccount;
}

/** Creates the control database, if new, migrates it and closes shared databases to PUBLIC. */
export async function prepareLocalControlDatabase(runtime: LocalRuntime, databaseName = controlDatabaseName): Promise<void> {
  if (!(await databaseExists(runtime.admin, databaseName))) {
    await runtime.admin.query(`CREATE DATABASE ${databaseName}`);
  }
  await prepareControlDatabase(runtime.control, { databaseName, closeToPublic: [databaseName, 'postgres', 'template1'] });
}

/**
 * On a server the twin shares (DATABASE_URL), an orchestra's database or login that this twin's registry does not
 * name is another twin's: provisioning would take it over (a new password for its login), so the start stops.
 */
async function refuseAnotherTwinsOrchestra(runtime: LocalRuntime, subdomain: string): Promise<void> {
  const database = orchestraDatabaseName(subdomain);
  const login = orchestraLoginName(subdomain);
  if ((await databaseExists(runtime.admin, database)) || (await roleExists(runtime.admin, login))) {
    throw new Error(
      `The database server at ${runtime.server.host}:${runtime.server.port} already holds ${database} or its login ${login}, which this twin's ` +
        `control database does not know: another twin's orchestra. Orchestra databases are named by subdomain server-wide, so each twin needs a server of its own.`,
    );
  }
}

/**
 * First start: a superadmin and the demo orchestra (provisioned with the same steps as any orchestra,
 * then filled with demo musicians). Later starts: migrate every active orchestra to the latest schema.
 * Generated passwords are kept in DATA_DIR/local-accounts.json (0600) so every start can print them.
 */
export async function bootstrapLocal(
  runtime: LocalRuntime,
  config: LocalConfig,
  controlDatabase = controlDatabaseName,
): Promise<{ accounts: LocalAccounts; demo: OrchestraRecord }> {
  await prepareLocalControlDatabase(runtime, controlDatabase);
  const accounts = await localAccounts(config);

  const superadmin = await ensureAccount(runtime.control, { ...accounts.superadmin, name: 'Superadmin', role: 'superadmin', orchestraId: null });
  // A password given in the environment always wins, so the printed one is the one that works.
  if (accounts.superadmin.fromEnvironment) await setAccountPassword(runtime.control, superadmin.id, accounts.superadmin.password);

  let demo = await findOrchestraBySubdomain(runtime.control, 'demo');
  if (!demo) await refuseAnotherTwinsOrchestra(runtime, 'demo');
  if (!demo || demo.status === 'provisioning') {
    console.log('First start: creating the demo orchestra (about 150 musicians)…');
    demo = await registerOrchestra(
      runtime.control,
      { name: 'Demo Symfoniorkester', subdomain: 'demo', contactEmail: accounts.demoAdmin.email, plan: 'institution' },
      localSecretNames.orchestraPrefix,
    );
    const secretRef = await createOrchestraDatabase(runtime.control, runtime.admin, runtime.secrets, demo, {
      host: runtime.server.host,
      port: runtime.server.port,
    });
    demo = { ...demo, secretRef };
    const db = await runtime.orchestraDatabase(demo);
    await migrateOrchestraDatabase(runtime.control, db, demo.id);
    await seedOrchestraDatabase(db, demo);
    await seedDemoData(db);
    await ensureAccount(runtime.control, { ...accounts.demoAdmin, name: 'Demo Admin', role: 'admin', orchestraId: demo.id });
    await activateOrchestra(runtime.control, demo.id, runtime.clock.now());
    demo = (await findOrchestraBySubdomain(runtime.control, 'demo'))!;
  }

  const demoAdmin = await ensureAccount(runtime.control, { ...accounts.demoAdmin, name: 'Demo Admin', role: 'admin', orchestraId: demo.id });
  if (accounts.demoAdmin.fromEnvironment) await setAccountPassword(runtime.control, demoAdmin.id, accounts.demoAdmin.password);

  const { rows: active } = await runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras WHERE status = 'active'`);
  for (const { subdomain } of active) {
    const record = (await findOrchestraBySubdomain(runtime.control, subdomain))!;
    await migrateOrchestraDatabase(runtime.control, await runtime.orchestraDatabase(record), record.id);
  }
  return { accounts, demo };
}

async function localAccounts(config: LocalConfig): Promise<LocalAccounts> {
  const path = join(config.dataDir, 'local-accounts.json');
  let stored: Partial<Record<keyof LocalAccounts, { email: string; password: string }>> = {};
  try {
    stored = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    // first start
  }
  const pick = (key: keyof LocalAccounts, email: string, fromEnv: string | undefined): LocalAccount => {
    if (fromEnv) return { email, password: fromEnv, fromEnvironment: true };
    const known = stored[key];
    if (known && known.email === email) return { ...known, fromEnvironment: false };
    return { email, password: randomBytes(12).toString('base64url'), fromEnvironment: false };
  };
  const accounts = {
    superadmin: pick('superadmin', config.SUPERADMIN_EMAIL, config.SUPERADMIN_PASSWORD),
    demoAdmin: pick('demoAdmin', config.DEMO_ADMIN_EMAIL, config.DEMO_ADMIN_PASSWORD),
  };
  const generated = Object.fromEntries(
    Object.entries(accounts)
      .filter(([, a]) => !a.fromEnvironment)
      .map(([k, a]) => [k, { email: a.email, password: a.password }]),
  );
  await writeFile(path, JSON.stringify({ ...stored, ...generated }, null, 2), { mode: 0o600 });
  return accounts;
}
