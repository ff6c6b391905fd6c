import type { AppConfig } from '../config/app-config';
import type { Clock } from '../ports/clock';
import type { Database } from '../ports/database';
import type { FileStore } from '../ports/file-store';
import type { Mailer } from '../ports/mailer';
import type { Secrets } from '../ports/secrets';
import type { Workflows } from '../ports/workflows';
import type { OrchestraRecord } from '../tenancy/orchestra-registry';

/**
 * Everything a handler may use, chosen by a composition root per runtime (AWS: shared/runtime/aws-runtime.ts;
 * local: infra/local/local-runtime.ts; tests: test/support/test-runtime.ts).
 */
export interface Runtime {
  config: AppConfig;
  clock: Clock;
  /** The control database: orchestra registry and accounts. */
  control: Database;
  /** A database handle bound to one orchestra (credentials from its own secret). */
  orchestraDatabase(orchestra: OrchestraRecord): Promise<Database>;
  secrets: Secrets;
  mailer: Mailer;
  /**
   * One orchestra's files (project files, backups), limited to its key prefix (shared/tenancy/orchestra-files.ts).
   * AWS: the files bucket through the orchestra's tenant-role session, so IAM refuses another orchestra's keys;
   * local: a folder served by the local server.
   */
  orchestraFiles(orchestraId: string): FileStore;
  /** HMAC key for session cookies, from the secret store. */
  sessionKey(): Promise<Uint8Array>;
  /**
   * The values CloudFront's `x-origin-verify` header may carry: the current secret and, during a rotation, the
   * previous one. Only request runtimes have it; without it every HTTP request is refused (edge-origin.ts).
   */
  originVerifyValues?(): Promise<string[]>;
  /** Step Functions (locally the same ASL run in-process); only runtimes that start workflows have it. */
  workflows?: Workflows;
}

export type RuntimeProvider = () => Promise<Runtime>;
