import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import * as z from 'zod/mini';
import { createRdsDataDatabase } from '../adapters/aws/rds-data-database';
import { createSecretsManagerSecrets } from '../adapters/aws/secrets-manager-secrets';
import { createTenantCredentialProvider } from '../adapters/aws/tenant-credentials';
import { appConfigSchema, parseConfig } from '../config/app-config';
import { systemClock } from '../ports/clock';
import type { Database } from '../ports/database';
import type { FileStore } from '../ports/file-store';
import type { Mailer } from '../ports/mailer';
import { longestFileLinkSeconds } from '../domain/file-rules';
import { scopedToOrchestra } from '../tenancy/orchestra-files';
import type { AwsCredentialIdentity } from '../adapters/aws/tenant-credentials';
import type { Runtime } from './runtime';

/** The AWS composition root: Data API, Secrets Manager, SES. Configuration comes from the environment. */
export const awsConfigSchema = z.extend(appConfigSchema, {
  DB_CLUSTER_ARN: z.string().check(z.startsWith('arn:')),
  CONTROL_DB_SECRET_ARN: z.string().check(z.startsWith('arn:')),
  CONTROL_DB_NAME: z._default(z.string().check(z.minLength(1)), 'control'),
  ORCHESTRA_SECRET_PREFIX: z.string().check(z.minLength(1)),
  /** The role whose sessions, tagged with one orchestra's id, can read that orchestra's secret only. */
  TENANT_ROLE_ARN: z.string().check(z.startsWith('arn:')),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Set on functions that handle project files (ApiFunction.useFiles); others get a store that refuses. */
  FILES_BUCKET: z.optional(z.string().check(z.minLength(1))),
});

/** Only functions that sign or verify session cookies (the request functions) are given the key's ARN. */
const sessionKeySchema = z.object({ SESSION_KEY_SECRET_ARN: z.string().check(z.startsWith('arn:')) });
/** Only request functions check that a request came through CloudFront (shared/http/middleware/edge-origin.ts). */
const originVerifySchema = z.object({ ORIGIN_VERIFY_SECRET_ARN: z.string().check(z.startsWith('arn:')) });

/** The origin secret's JSON: `value` is what CloudFront sends; `previous` is still accepted while a rotation rolls out. */
interface OriginVerifySecret {
  value?: string;
  previous?: string;
}

let runtime: Promise<Runtime> | undefined;

/**
 * One runtime per Lambda instance, built on first use. Request functions never send mail themselves (they
 * write to the outbox, ARCHITECTURE rule 7), so this runtime has no SES client and their bundles carry no
 * MIME builder; the tick uses awsJobRuntime (aws-job-runtime.ts), which adds one.
 */
export function awsRuntime(): Promise<Runtime> {
  runtime ??= buildAwsRuntime(process.env, { mailer: outboxOnlyMailer, signsSessions: true, servesHttp: true });
  return runtime;
}

let eventRuntime: Promise<Runtime> | undefined;

/** For functions driven by AWS events rather than users (mail feedback): no sessions, no mail of their own. */
export function awsEventRuntime(): Promise<Runtime> {
  eventRuntime ??= buildAwsRuntime(process.env, { mailer: outboxOnlyMailer, signsSessions: false });
  return eventRuntime;
}

export const outboxOnlyMailer: Mailer = {
  send: () => Promise.reject(new Error('request functions do not send mail: enqueue it in the outbox, the tick delivers it')),
};

const refuse = () => Promise.reject(new Error('this function handles no files: give its entry awsRuntimeWithFiles and grant it the files bucket (ApiFunction.useFiles)'));
const noFilesBucket: FileStore = {
  put: refuse,
  get: refuse,
  delete: refuse,
  exists: refuse,
  stat: refuse,
  readStart: refuse,
  copyIfUnchanged: refuse,
  presignUpload: refuse,
  presignDownload: refuse,
};

export interface AwsRuntimeParts {
  mailer: Mailer | ((config: z.infer<typeof awsConfigSchema>) => Mailer);
  /**
   * Given only by the entries of functions that handle files (aws-runtime-with-files.ts), so the S3 client and
   * its presigners are bundled into those functions alone.
   */
  fileStore?: (bucket: string, credentials: () => Promise<AwsCredentialIdentity>) => FileStore;
  /**
   * Whether the function signs or verifies sessions and so needs SESSION_KEY_SECRET_ARN. The tick and the mail
   * feedback do not: they are neither given the variable nor granted the secret (least privilege), and a
   * runtime that asked for it would fail at every cold start.
   */
  signsSessions: boolean;
  /** Whether the function answers HTTP requests and so needs ORIGIN_VERIFY_SECRET_ARN to tell CloudFront's from others. */
  servesHttp?: boolean;
}

export async function buildAwsRuntime(env: Record<string, string | undefined>, parts: AwsRuntimeParts): Promise<Runtime> {
  const { mailer, fileStore } = parts;
  const config = parseConfig(awsConfigSchema, env);
  const sessionKeyArn = parts.signsSessions ? parseConfig(sessionKeySchema, env).SESSION_KEY_SECRET_ARN : undefined;
  const originVerifyArn = parts.servesHttp ? parseConfig(originVerifySchema, env).ORIGIN_VERIFY_SECRET_ARN : undefined;
  const rdsData = new RDSDataClient({});
  const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
  const control = createRdsDataDatabase({
    client: rdsData,
    resourceArn: config.DB_CLUSTER_ARN,
    secretArn: config.CONTROL_DB_SECRET_ARN,
    database: config.CONTROL_DB_NAME,
  });
  const orchestraDatabases = new Map<string, Database>();
  const tenantCredentials = createTenantCredentialProvider({
    sts: new STSClient({}),
    roleArn: config.TENANT_ROLE_ARN,
    // A presigned file link is valid only while the session that signed it is: renewed early enough that
    // every link outlives its own expiry (and a database call never starts on a lapsing session).
    refreshMarginMs: (longestFileLinkSeconds + 5 * 60) * 1000,
  });
  const orchestraFileStores = new Map<string, FileStore>();
  return {
    config,
    clock: systemClock,
    control,
    secrets,
    mailer: typeof mailer === 'function' ? mailer(config) : mailer,
    orchestraFiles(orchestraId) {
      const bucket = config.FILES_BUCKET;
      if (!bucket || !fileStore) return noFilesBucket;
      let store = orchestraFileStores.get(orchestraId);
      if (!store) {
        // The tenant-role session tagged with this orchestra: its policy reaches orchestras/<id>/* alone. The S3
        // client keeps credentials until 5 minutes before the expiry they report; reported a link's lifetime
        // earlier, so that no presigned link outlives the session that signed it.
        const sessionForLinks = async () => {
          const credentials = await tenantCredentials(orchestraId);
          const expiration = credentials.expiration && new Date(credentials.expiration.getTime() - longestFileLinkSeconds * 1000);
          return { ...credentials, expiration };
        };
        store = scopedToOrchestra(fileStore(bucket, sessionForLinks), orchestraId);
        orchestraFileStores.set(orchestraId, store);
      }
      return store;
    },
    async orchestraDatabase(orchestra) {
      let db = orchestraDatabases.get(orchestra.id);
      if (!db) {
        // The Data API reads the orchestra's secret with the caller's credentials: those of a tenant-role
        // session tagged with this orchestra, so IAM refuses any other orchestra's secret.
        db = createRdsDataDatabase({
          client: new RDSDataClient({ credentials: () => tenantCredentials(orchestra.id) }),
          resourceArn: config.DB_CLUSTER_ARN,
          secretArn: orchestra.secretRef,
          database: orchestra.databaseName,
        });
        orchestraDatabases.set(orchestra.id, db);
      }
      return db;
    },
    // Read through the secrets cache (minutes) rather than once per instance, so a rotated key
    // (docs/operations.md) takes over on warm instances too, within the cache time.
    sessionKey() {
      if (!sessionKeyArn) return Promise.reject(new Error('this function signs no sessions: it has no session key'));
      return secrets.get<{ key: string }>(sessionKeyArn).then((s) => new TextEncoder().encode(s.key));
    },
    // Through the same cache: a rotated origin secret (docs/operations.md) is accepted within its minutes.
    ...(originVerifyArn
      ? {
          originVerifyValues: () =>
            secrets.get<OriginVerifySecret>(originVerifyArn).then((s) => [s.value, s.previous].filter((v): v is string => typeof v === 'string' && v.length > 0)),
        }
      : {}),
  };
}
