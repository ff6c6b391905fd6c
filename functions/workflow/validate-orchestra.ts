import { registerOrchestra } from '../../shared/app/provisioning/provisioning-steps';
import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { provisionOrchestraInput } from '../../shared/schemas/provisioning';
import { findOrchestraBySubdomain } from '../../shared/tenancy/orchestra-registry';
import { parseStepInput, workflowLambda, type WorkflowStep } from './workflow-step';

export interface ValidatedOrchestra {
  orchestraId: string;
  subdomain: string;
  databaseName: string;
  adminEmail: string;
  adminName: string;
  /** The backup the Seed step restores from, or null for the standard seed (always present: JSONPath needs it). */
  restoreFrom: string | null;
}

/**
 * First step: checks the input and claims the orchestra in the registry (status `provisioning`). The
 * superadmin API may have registered it already; a `failed` one is claimed again for another attempt.
 * An orchestra that is active, suspended or archived is refused, and since this step's failures skip the
 * compensation, a repeated request can never drop a live orchestra's database.
 */
export const validateOrchestra: WorkflowStep<ValidatedOrchestra> = async (raw, deps) => {
  const input = parseStepInput(provisionOrchestraInput, raw);
  const existing = await findOrchestraBySubdomain(deps.control, input.subdomain);
  if (existing && existing.status !== 'provisioning' && existing.status !== 'failed') {
    throw new PermanentStepError('OrchestraNotProvisionable', `orchestra ${input.subdomain} is ${existing.status}; only a new or failed orchestra is provisioned`);
  }
  // Claiming is the last thing this step does, so a failure before it leaves nothing behind.
  const orchestra = existing ?? (await registerOrchestra(deps.control, input, deps.orchestraSecretPrefix));
  if (orchestra.status === 'failed') {
    await deps.control.query(
      `UPDATE orchestras SET status = 'provisioning', failed_step = NULL, failure_cause = NULL, updated_at = :now
        WHERE id = :id::uuid AND status = 'failed'`,
      { id: orchestra.id, now: deps.clock.now() },
    );
  }
  return {
    orchestraId: orchestra.id,
    subdomain: orchestra.subdomain,
    databaseName: orchestra.databaseName,
    adminEmail: input.adminEmail,
    adminName: input.adminName ?? '',
    restoreFrom: input.restoreFrom ?? null,
  };
};

export const handler = workflowLambda(validateOrchestra);
