import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createFileSecrets } from '../../shared/adapters/local/file-secrets';
import { createFolderFileStore, type FolderFileStore } from '../../shared/adapters/local/folder-file-store';
import { createMailboxMailer } from '../../shared/adapters/local/mailbox-mailer';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { systemClock, type Clock } from '../../shared/ports/clock';
import type { Database } from '../../shared/ports/database';
import { SecretNotFoundError, type DatabaseCredentials } from '../../shared/ports/secrets';
import type { Runtime } from '../../shared/runtime/runtime';
import { scopedToOrchestra } from '../../shared/tenancy/orchestra-files';
import type { LocalConfig } from './local-config';
import { localSecretNames } from './local-config';
import { localFilesPath } from './local-files-endpoint';

export interface LocalServer {
  host: string;
  port: number;
  superuser: string;
  password: string;
}

export type LocalRuntime = Runtime & {
  mailbox: ReturnType<typeof createMailboxMailer>;
  /**
   * Every orchestra's files in DATA_DIR/files, uploaded and downloaded through the local server
   * (local-files-endpoint.ts); handlers reach them through orchestraFiles, the provisioning workflow directly.
   */
  files: FolderFileStore;
  /** The embedded server's superuser connection: provisioning only, like the cluster admin secret in AWS. */
  admin: Database;
  server: LocalServer;
  /** DATA_DIR: what the twin keeps between starts (secrets, mail, files, workflow executions). */
  dataDir: string;
  /**
   * The local edge's own origin secret, made at start and never stored: the local server adds it to every
   * /api request as CloudFront adds the deployed one, and the same chain checks it (twin == deployed).
   */
  originVerifyValue: string;
  close(): Promise<void>;
};

export const controlDatabaseName = 'control';

/** The local composition root: embedded PostgreSQL via pg, a secrets file, a mailbox folder. */
export interface LocalRuntimeOptions {
  /** Tests give each file its own control database and may reach it through another adapter. */
  control?: Database;
  controlDatabase?: string;
  clock?: Clock;
}

export async function createLocalRuntime(config: LocalConfig, server: LocalServer, options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const connect = (database: string, user: string, password: string) =>
    createPgDatabase({ host: server.host, port: server.port, user, password, database, max: 5 });
  const admin = connect('postgres', server.superuser, server.password);
  const control = options.control ?? connect(options.controlDatabase ?? controlDatabaseName, server.superuser, server.password);
  const secrets = createFileSecrets(join(config.dataDir, 'secrets.json'));
  const mailbox = createMailboxMailer({ directory: join(config.dataDir, 'mail') });
  const files = createFolderFileStore({ directory: join(config.dataDir, 'files'), basePath: localFilesPath, clock: options.clock });
  const orchestraDatabases = new Map<string, Promise<Database>>();
  const originVerifyValue = randomBytes(32).toString('base64url');

  let sessionKey: Promise<Uint8Array> | undefined;
  const loadSessionKey = async () => {
    try {
      return new TextEncoder().encode((await secrets.get<{ key: string }>(localSecretNames.sessionKey)).key);
    } catch (error) {
      if (!(error instanceof SecretNotFoundError)) throw error;
      const key = randomBytes(48).toString('base64url');
      await secrets.put(localSecretNames.sessionKey, { key });
      return new TextEncoder().encode(key);
    }
  };

  return {
    config,
    clock: options.clock ?? systemClock,
    control,
    admin,
    server,
    dataDir: config.dataDir,
    secrets,
    mailer: mailbox,
    mailbox,
    files,
    // The same prefix check the AWS runtime makes (there IAM makes it too): one orchestra's keys only.
    orchestraFiles: (orchestraId) => scopedToOrchestra(files, orchestraId),
    orchestraDatabase(orchestra) {
      let db = orchestraDatabases.get(orchestra.id);
      if (!db) {
        // Connects with the orchestra's own login, read from its secret: it can reach this database only.
        db = secrets.get<DatabaseCredentials>(orchestra.secretRef).then((c) => connect(c.dbname, c.username, c.password));
        db.catch(() => orchestraDatabases.delete(orchestra.id));
        orchestraDatabases.set(orchestra.id, db);
      }
      return db;
    },
    sessionKey: () => (sessionKey ??= loadSessionKey()),
    originVerifyValue,
    originVerifyValues: async () => [originVerifyValue],
    async close() {
      for (const db of orchestraDatabases.values()) await (await db).close().catch(() => undefined);
      await control.close();
      await admin.close();
    },
  };
}
