import * as z from 'zod';
import { inviteOrchestraAdmin } from '../../shared/app/accounts/invite-orchestra-admin';
import { publicBaseUrl } from '../../shared/config/app-config';
import { parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

const inviteInput = z.object({ orchestraId: z.uuid(), adminEmail: z.email(), adminName: z.string().default('') });

/** The first admin: an account without a password and an email (control outbox) with a link to set one. */
export const inviteFirstAdminStep: WorkflowStep<{ userId: string; invited: boolean }> = async (raw, deps) => {
  const input = parseStepInput(inviteInput, raw);
  const orchestra = await requireOrchestra(deps.control, input.orchestraId);
  return inviteOrchestraAdmin(deps.control, {
    orchestraId: orchestra.id,
    orchestraName: orchestra.name,
    email: input.adminEmail,
    name: input.adminName,
    orchestraUrl: publicBaseUrl(deps.config, orchestra.subdomain),
    now: deps.clock.now(),
  });
};

export const handler = workflowLambda(inviteFirstAdminStep);
