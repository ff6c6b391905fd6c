import { seedOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { orchestraStepInput, parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

/** The standard orchestra: instruments, positions, A/B/C lists, email templates, settings (idempotent). */
export const seedStep: WorkflowStep<{ seeded: true }> = async (raw, deps) => {
  const { orchestraId } = parseStepInput(orchestraStepInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  await seedOrchestraDatabase(await deps.orchestraDatabase(orchestra), orchestra);
  return { seeded: true };
};

export const handler = workflowLambda(seedStep);
