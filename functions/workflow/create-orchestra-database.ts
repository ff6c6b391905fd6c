import { orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { createOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { orchestraStepInput, parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

/**
 * The orchestra's database, a login that can connect to it alone, and the login's credentials stored
 * as the orchestra's secret (tagged with its id). Idempotent: the database is created only when missing,
 * so a re-run never makes a second one; the password is renewed in login and secret together.
 */
export const createDatabaseStep: WorkflowStep<{ databaseName: string; login: string }> = async (raw, deps) => {
  const { orchestraId } = parseStepInput(orchestraStepInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  await createOrchestraDatabase(deps.control, deps.admin, deps.secrets, orchestra, deps.databaseServer);
  return { databaseName: orchestra.databaseName, login: orchestraLoginName(orchestra.subdomain) };
};

export const handler = workflowLambda(createDatabaseStep);
