import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { launchEmbeddedPostgres } from '../../infra/local/embedded-postgres-server';
import { startRdsDataEndpoint } from '../../test/deployed/support/aws/rds-data-endpoint';
import { startSecretsManagerEndpoint } from '../../test/deployed/support/aws/secrets-manager-endpoint';
import { startStsEndpoint } from '../../test/deployed/support/aws/sts-endpoint';
import type { Credentials, DeployedTemplates, FunctionSpec } from '../../test/deployed/support/contracts';
import { createAuthorizer, createCredentialIssuer, policiesFromTemplates } from '../../test/deployed/support/iam/index';
import { secretsToCreate, type GenerateSecretString } from '../../test/deployed/support/templates/index';

/** What the deployed functions reach at their first response: Data API, Secrets Manager and STS, judged by IAM. */
export interface AwsStandIns {
  /** `AWS_ENDPOINT_URL_<suffix>` values for the Lambda host. */
  endpoints: Record<string, string>;
  credentialsFor(spec: FunctionSpec): Credentials;
  /** The stacks' secrets as created (ARN and SecretString). */
  seededSecrets: { arn: string; value: string }[];
  /** Calls IAM denied (a deployed function that AWS would refuse is a finding, printed by the bench). */
  denials(): string[];
  stop(): Promise<void>;
}

/** Letters and digits only: valid under every ExcludeCharacters / ExcludePunctuation the templates use. */
function generatedSecret(generate: GenerateSecretString): string {
  const value = JSON.parse(generate.SecretStringTemplate ?? '{}');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const text = Array.from(randomBytes(generate.PasswordLength ?? 32), (b) => alphabet[b % alphabet.length]).join('');
  if (!generate.GenerateStringKey) return text;
  return JSON.stringify({ ...value, [generate.GenerateStringKey]: text });
}

/**
 * The deployed tier's endpoints on one embedded PostgreSQL standing in for the Aurora cluster: the stacks'
 * secrets created as CloudFormation would (generated values, target attachments), the cluster's admin login
 * made a PostgreSQL superuser, its default database created, and the real IAM authorizer over the templates.
 */
export async function startAwsStandIns(templates: DeployedTemplates): Promise<AwsStandIns> {
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-bench-aws-'));
  await chmod(folder, 0o755);
  const postgres = await launchEmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    password: randomBytes(12).toString('base64url'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const clusters = templates.resourcesOfType('AWS::RDS::DBCluster');
  if (clusters.length !== 1) throw new Error(`the bench expects one Aurora cluster in the templates, found ${clusters.length}`);
  const cluster = clusters[0]!;

  const issuer = createCredentialIssuer();
  const authorizer = createAuthorizer(policiesFromTemplates(Object.values(templates.stacks).flatMap((stack) => Object.values(stack.resources))));
  const secretsManager = await startSecretsManagerEndpoint({ issuer, authorizer });
  const secrets = secretsToCreate(templates).map((secret) => {
    let value = secret.secretString ?? (secret.generateSecretString ? generatedSecret(secret.generateSecretString) : '');
    if (secret.targetAttachment) value = JSON.stringify({ ...JSON.parse(value), ...secret.targetAttachment.fields });
    return { secret, value };
  });
  secretsManager.seed(secrets.map(({ secret, value }) => ({ name: secret.name, arn: secret.arn, value, tags: secret.tags })));

  const admin = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.superuser, password: postgres.password, database: 'postgres' });
  await admin.connect();
  try {
    for (const { secret, value } of secrets.filter(({ secret }) => secret.targetAttachment?.targetType === 'AWS::RDS::DBCluster')) {
      const { username, password } = JSON.parse(value) as { username: string; password: string };
      if (!/^[a-z_][a-z0-9_]*$/.test(username)) throw new Error(`${secret.logicalId}: unexpected user name ${username}`);
      // Identifiers cannot be bound as parameters; the name is checked above and the password is letters and digits.
      await admin.query(`CREATE ROLE ${username} SUPERUSER LOGIN PASSWORD '${password}'`);
    }
    const defaultDatabase = String(cluster.properties.DatabaseName ?? '');
    if (defaultDatabase) await admin.query(`CREATE DATABASE ${defaultDatabase}`);
  } finally {
    await admin.end();
  }

  const sts = await startStsEndpoint({ issuer, authorizer });
  const rdsData = await startRdsDataEndpoint({
    secrets: secretsManager.store,
    pg: { host: postgres.host, port: postgres.port },
    clusterArn: cluster.attributes.DBClusterArn ?? cluster.attributes.Arn!,
    issuer,
    authorizer,
  });
  const parts = [secretsManager, sts, rdsData];
  return {
    endpoints: Object.fromEntries(parts.map((part) => [part.service, part.url])),
    credentialsFor: (spec) => issuer.issue({ roleArn: spec.roleArn, arn: spec.roleArn, sessionTags: {}, label: `${spec.stack}/${spec.logicalId}` }),
    seededSecrets: secrets.map(({ secret, value }) => ({ arn: secret.arn, value })),
    denials: () => authorizer.denials().map((decision) => decision.explanation),
    async stop() {
      await Promise.all(parts.map((part) => part.stop()));
      await postgres.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
