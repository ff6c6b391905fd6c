import * as z from 'zod';
import { migrateOneOrchestra, type OrchestraMigrationResult } from '../../shared/app/superadmin/migrate-all-steps';
import { parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

const itemInput = z.object({ runId: z.uuid(), orchestraId: z.uuid() });

/** One orchestra of a migrate-all run (a Map iteration); its failure is caught and reported by the Map. */
export const migrateOneStep: WorkflowStep<OrchestraMigrationResult> = async (raw, deps) => {
  const { runId, orchestraId } = parseStepInput(itemInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  const { rows } = await deps.control.query<{ schemaVersion: string | null }>(
    `SELECT schema_version AS "schemaVersion" FROM orchestras WHERE id = :id::uuid`,
    { id: orchestraId },
  );
  return migrateOneOrchestra(
    { control: deps.control, db: await deps.orchestraDatabase(orchestra), now: deps.clock.now() },
    { runId, orchestraId, fromVersion: rows[0]?.schemaVersion ?? null },
  );
};

export const handler = workflowLambda(migrateOneStep);
