/**
 * Data only, for the CDK stack (like functions/routes.ts): each resource placeholder of
 * infra/workflows/provision-orchestra.asl.json → the Lambda entry `functions/workflow/<entry>.ts`
 * (export `handler`) whose ARN fills it through definitionSubstitutions.
 */
export const provisionOrchestraFunctions = {
  ValidateFunctionArn: 'validate-orchestra',
  CreateDatabaseFunctionArn: 'create-orchestra-database',
  MigrateFunctionArn: 'migrate-orchestra-database',
  SeedFunctionArn: 'seed-orchestra-database',
  ActivateFunctionArn: 'activate-orchestra',
  InviteAdminFunctionArn: 'invite-first-admin',
  CompensateFunctionArn: 'compensate-provisioning',
} as const;

export type ProvisionOrchestraPlaceholder = keyof typeof provisionOrchestraFunctions;
