import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod';
import { createRdsDataDatabase } from '../../shared/adapters/aws/rds-data-database';
import { createSecretsManagerSecrets } from '../../shared/adapters/aws/secrets-manager-secrets';
import { parseConfig } from '../../shared/config/app-config';
import { systemClock } from '../../shared/ports/clock';
import { prepareControlOnDeploy, type PrepareControlProperties } from './prepare-control';

/**
 * CloudFormation custom resource (onEvent of a cdk Provider), run on every deploy that changes migrations
 * or the superadmin: the only request-path-free function that holds the cluster admin secret.
 */
const envSchema = z.object({
  DB_CLUSTER_ARN: z.string().startsWith('arn:'),
  CLUSTER_ADMIN_SECRET_ARN: z.string().startsWith('arn:'),
  CONTROL_DB_NAME: z.string().min(1),
  CONTROL_APP_SECRET_ARN: z.string().startsWith('arn:'),
});

export const handler = async (event: CloudFormationCustomResourceEvent) => {
  const physicalResourceId = 'control-database';
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  const env = parseConfig(envSchema, process.env);
  const admin = createRdsDataDatabase({
    client: new RDSDataClient({}),
    resourceArn: env.DB_CLUSTER_ARN,
    secretArn: env.CLUSTER_ADMIN_SECRET_ARN,
    database: env.CONTROL_DB_NAME,
  });
  const result = await prepareControlOnDeploy(event.ResourceProperties as unknown as PrepareControlProperties, {
    admin,
    secrets: createSecretsManagerSecrets(new SecretsManagerClient({})),
    clock: systemClock,
    controlDatabaseName: env.CONTROL_DB_NAME,
    controlAppSecretRef: env.CONTROL_APP_SECRET_ARN,
  });
  console.log(JSON.stringify({ message: 'control database prepared', ...result }));
  return { PhysicalResourceId: physicalResourceId, Data: result };
};
