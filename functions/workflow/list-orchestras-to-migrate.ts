import * as z from 'zod';
import { listOrchestrasToMigrate, type MigrationPage } from '../../shared/app/superadmin/migrate-all-steps';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

/** The ListOrchestras state's input: the run, and the cursor of the page (null for the first). */
const listInput = z.object({ runId: z.uuid(), after: z.uuid().nullable() });

/** migrate-all's list step: one page of orchestra ids for the Map state, and where the next page starts. */
export const listOrchestrasStep: WorkflowStep<MigrationPage> = async (raw, deps) => {
  const { after } = parseStepInput(listInput, raw);
  return listOrchestrasToMigrate(deps.control, after);
};

export const handler = workflowLambda(listOrchestrasStep);
