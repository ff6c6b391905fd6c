import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { createRdsDataDatabase } from '../adapters/aws/rds-data-database';
import { createSecretsManagerSecrets } from '../adapters/aws/secrets-manager-secrets';
import { appConfigSchema, parseConfig } from '../config/app-config';
import { systemClock } from '../ports/clock';
import type { Database } from '../ports/database';
import type { FileStore } from '../ports/file-store';
import type { WorkflowRuntime } from './workflow-runtime';

/**
 * The composition root of the workflow Lambdas: the control database through its app login, the cluster
 * through its admin secret (only these functions are granted it), orchestra databases through their own
 * secrets, which the workflow role may read and write under the orchestra secret prefix.
 */
export const awsWorkflowConfigSchema = z.extend(appConfigSchema, {
  DB_CLUSTER_ARN: z.string().check(z.startsWith('arn:')),
  CLUSTER_ADMIN_SECRET_ARN: z.string().check(z.startsWith('arn:')),
  CONTROL_DB_SECRET_ARN: z.string().check(z.startsWith('arn:')),
  CONTROL_DB_NAME: z._default(z.string().check(z.minLength(1)), 'control'),
  ORCHESTRA_SECRET_PREFIX: z.string().check(z.minLength(1)),
  /** Set on the Migrate and Seed steps only: they read the backup a restore starts from. */
  FILES_BUCKET: z.optional(z.string().check(z.minLength(1))),
});

/** `fileStore` only from the Migrate and Seed steps' entries (they read backups), so only their bundles carry S3. */
export function createAwsWorkflowRuntime(env: Record<string, string | undefined>, fileStore?: (bucket: string) => FileStore): WorkflowRuntime {
  const config = parseConfig(awsWorkflowConfigSchema, env);
  const rdsData = new RDSDataClient({});
  const connect = (secretArn: string, database: string) =>
    createRdsDataDatabase({ client: rdsData, resourceArn: config.DB_CLUSTER_ARN, secretArn, database });
  const orchestraDatabases = new Map<string, Database>();
  return {
    config,
    clock: systemClock,
    control: connect(config.CONTROL_DB_SECRET_ARN, config.CONTROL_DB_NAME),
    admin: connect(config.CLUSTER_ADMIN_SECRET_ARN, 'postgres'),
    secrets: createSecretsManagerSecrets(new SecretsManagerClient({}), { cacheMs: 0 }),
    async orchestraDatabase(orchestra) {
      let db = orchestraDatabases.get(orchestra.id);
      if (!db) {
        db = connect(orchestra.secretRef, orchestra.databaseName);
        orchestraDatabases.set(orchestra.id, db);
      }
      return db;
    },
    orchestraSecretPrefix: config.ORCHESTRA_SECRET_PREFIX,
    databaseServer: {},
    files: config.FILES_BUCKET && fileStore ? fileStore(config.FILES_BUCKET) : undefined,
  };
}

let runtime: WorkflowRuntime | undefined;

/** One runtime per Lambda instance, built on first use. */
export function awsWorkflowRuntime(): WorkflowRuntime {
  runtime ??= createAwsWorkflowRuntime(process.env);
  return runtime;
}
