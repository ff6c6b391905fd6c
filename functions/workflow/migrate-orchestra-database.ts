import * as z from 'zod';
import { migrateOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { UnknownMigrationVersion } from '../../shared/db/migrate';
import { awsWorkflowRuntimeWithFiles } from '../../shared/runtime/aws-workflow-runtime-with-files';
import { readBackupFile } from './read-backup-file';
import { parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

const migrateInput = z.object({ orchestraId: z.uuid(), restoreFrom: z.string().min(1).nullish() });

/**
 * Applies the orchestra migrations (recorded with checksums, so a re-run applies none twice). With
 * `restoreFrom` (the Migrate state of a restore) it stops at the backup's schema version, so the Seed step
 * restores into the schema the rows were taken from; the MigrateToLatest state then runs this step again
 * without it and the remaining migrations convert the restored rows. A backup newer than this code (or of a
 * version it never had) fails for good.
 */
export const migrateStep: WorkflowStep<{ schemaVersion: string | null }> = async (raw, deps) => {
  const { orchestraId, restoreFrom } = parseStepInput(migrateInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  let upTo: string | undefined;
  if (restoreFrom) {
    const backup = await readBackupFile(deps, restoreFrom);
    if (typeof backup.schemaVersion !== 'string') throw new PermanentStepError('BackupNotRestorable', `${restoreFrom} names no schema version`);
    upTo = backup.schemaVersion;
  }
  try {
    const schemaVersion = await migrateOrchestraDatabase(deps.control, await deps.orchestraDatabase(orchestra), orchestra.id, upTo);
    return { schemaVersion };
  } catch (error) {
    if (error instanceof UnknownMigrationVersion) throw new PermanentStepError('BackupNotRestorable', `the backup cannot be restored: its ${error.message}`);
    throw error;
  }
};

export const handler = workflowLambda(migrateStep, awsWorkflowRuntimeWithFiles);
