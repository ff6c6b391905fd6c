import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';

/**
 * Not deployed: `npm run bench` bundles this as a Lambda is bundled to show the smallest any function that
 * touches a database can be while the AWS SDK is bundled (ARCHITECTURE rule 9): one Data API client, one command.
 */
export const handler = async (): Promise<unknown> =>
  new RDSDataClient({}).send(new ExecuteStatementCommand({ resourceArn: 'arn:', secretArn: 'arn:', sql: 'select 1' }));
