import { activateStep } from './activate-orchestra';
import { compensateStep } from './compensate-provisioning';
import { createDatabaseStep } from './create-orchestra-database';
import { inviteFirstAdminStep } from './invite-first-admin';
import { migrateStep } from './migrate-orchestra-database';
import type { ProvisionOrchestraPlaceholder } from './provision-orchestra-functions';
import { provisionOrchestraFunctions } from './provision-orchestra-functions';
import { seedStep } from './seed-orchestra-database';
import { validateOrchestra } from './validate-orchestra';
import type { WorkflowStep } from './workflow-step';

export type { ProvisionOrchestraPlaceholder };

const steps: Record<ProvisionOrchestraPlaceholder, WorkflowStep> = {
  ValidateFunctionArn: validateOrchestra,
  CreateDatabaseFunctionArn: createDatabaseStep,
  MigrateFunctionArn: migrateStep,
  SeedFunctionArn: seedStep,
  ActivateFunctionArn: activateStep,
  InviteAdminFunctionArn: inviteFirstAdminStep,
  CompensateFunctionArn: compensateStep,
};

/**
 * provision-orchestra.asl.json's placeholders → the entry file CDK bundles and the step the local runner
 * calls: the same function either way.
 */
export const provisionOrchestraTasks = Object.fromEntries(
  (Object.keys(provisionOrchestraFunctions) as ProvisionOrchestraPlaceholder[]).map((p) => [p, { entry: provisionOrchestraFunctions[p], step: steps[p] }]),
) as Record<ProvisionOrchestraPlaceholder, { entry: string; step: WorkflowStep }>;
