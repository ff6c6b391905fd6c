import type { AppConfig } from '../config/app-config';
import type { Clock } from '../ports/clock';
import type { Database } from '../ports/database';
import type { FileStore } from '../ports/file-store';
import type { Secrets } from '../ports/secrets';
import type { OrchestraRecord } from '../tenancy/orchestra-registry';

/**
 * What workflow steps may use. Unlike the request runtime it holds the cluster's admin connection
 * (AWS: the Data API with the cluster admin secret; local: the embedded superuser), which only the
 * workflow functions may have. AWS: shared/runtime/aws-workflow-runtime.ts; local: infra/local/local-workflows.ts.
 */
export interface WorkflowRuntime {
  config: AppConfig;
  clock: Clock;
  /** The control database (registry, accounts, control outbox). */
  control: Database;
  /** The cluster's admin connection: creates and drops databases and logins. */
  admin: Database;
  secrets: Secrets;
  /** An orchestra's database through its own login (migrations must leave its tables owned by that login). */
  orchestraDatabase(orchestra: OrchestraRecord): Promise<Database>;
  /** Prefix of orchestra secret names (the name is the prefix plus the subdomain). */
  orchestraSecretPrefix: string;
  /** Where the orchestra's login reaches the server, written into its secret (none through the Data API). */
  databaseServer: { host?: string; port?: number };
  /** Backups to restore from (the Migrate and Seed steps); absent where no files bucket is granted. */
  files?: FileStore;
}
