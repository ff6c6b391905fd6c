import { listOrchestrasStep } from './list-orchestras-to-migrate';
import { migrateAllFunctions, type MigrateAllPlaceholder } from './migrate-all-functions';
import { migrateOneStep } from './migrate-one-orchestra';
import { recordReportStep } from './record-migration-report';
import type { WorkflowStep } from './workflow-step';

export type { MigrateAllPlaceholder };

const steps: Record<MigrateAllPlaceholder, WorkflowStep> = {
  ListOrchestrasFunctionArn: listOrchestrasStep,
  MigrateOrchestraFunctionArn: migrateOneStep,
  RecordReportFunctionArn: recordReportStep,
};

/** migrate-all.asl.json's placeholders → the entry file CDK bundles and the step the local runner calls. */
export const migrateAllTasks = Object.fromEntries(
  (Object.keys(migrateAllFunctions) as MigrateAllPlaceholder[]).map((p) => [p, { entry: migrateAllFunctions[p], step: steps[p] }]),
) as Record<MigrateAllPlaceholder, { entry: string; step: WorkflowStep }>;
