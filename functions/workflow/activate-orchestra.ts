import { activateOrchestra } from '../../shared/app/provisioning/provisioning-steps';
import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { findOrchestraById } from '../../shared/tenancy/orchestra-registry';
import { orchestraStepInput, parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

/** Marks the orchestra active: from now on its host answers. */
export const activateStep: WorkflowStep<{ status: 'active' }> = async (raw, deps) => {
  const { orchestraId } = parseStepInput(orchestraStepInput, raw);
  await requireOrchestra(deps.control, orchestraId);
  await activateOrchestra(deps.control, orchestraId, deps.clock.now());
  const after = await findOrchestraById(deps.control, orchestraId);
  if (after?.status !== 'active') {
    throw new PermanentStepError('OrchestraNotProvisionable', `orchestra is ${after?.status ?? 'gone'}, not active, after activation`);
  }
  return { status: 'active' };
};

export const handler = workflowLambda(activateStep);
