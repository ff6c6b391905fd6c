import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * Not deployed: `npm run bench` bundles this as a Lambda is bundled to show what the three clients every request
 * function needs weigh with no product code at all: the Data API, STS (the tenant role, ARCHITECTURE rule 4) and
 * Secrets Manager (the session signing key, SPEC §5).
 */
export const handler = async (): Promise<unknown[]> => [
  await new RDSDataClient({}).send(new ExecuteStatementCommand({ resourceArn: 'arn:', secretArn: 'arn:', sql: 'select 1' })),
  await new STSClient({}).send(new AssumeRoleCommand({ RoleArn: 'arn:', RoleSessionName: 'bench' })),
  await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: 'arn:' })),
];
