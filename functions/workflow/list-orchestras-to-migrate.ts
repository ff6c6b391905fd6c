import * as z from 'zod';
import { listOrchestrasToMigrate, type MigrationItem } from '../../shared/app/superadmin/migrate-all-steps';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

export const migrateAllInput = z.object({ runId: z.uuid() });

/** migrate-all's first step: the orchestras the Map state fans out over. */
export const listOrchestrasStep: WorkflowStep<MigrationItem[]> = async (raw, deps) => {
  const { runId } = parseStepInput(migrateAllInput, raw);
  return listOrchestrasToMigrate(deps.control, runId);
};

export const handler = workflowLambda(listOrchestrasStep);
