/**
 * Data only, for the CDK stack (like provision-orchestra-functions.ts): each resource placeholder of
 * infra/workflows/migrate-all.asl.json → the Lambda entry `functions/workflow/<entry>.ts`.
 */
export const migrateAllFunctions = {
  ListOrchestrasFunctionArn: 'list-orchestras-to-migrate',
  MigrateOrchestraFunctionArn: 'migrate-one-orchestra',
  RecordReportFunctionArn: 'record-migration-report',
} as const;

export type MigrateAllPlaceholder = keyof typeof migrateAllFunctions;
