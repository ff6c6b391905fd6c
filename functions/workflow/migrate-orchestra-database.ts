import { migrateOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { orchestraStepInput, parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

/** Applies every orchestra migration (recorded with checksums, so a re-run applies none twice). */
export const migrateStep: WorkflowStep<{ schemaVersion: string | null }> = async (raw, deps) => {
  const { orchestraId } = parseStepInput(orchestraStepInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  const schemaVersion = await migrateOrchestraDatabase(deps.control, await deps.orchestraDatabase(orchestra), orchestra.id);
  return { schemaVersion };
};

export const handler = workflowLambda(migrateStep);
