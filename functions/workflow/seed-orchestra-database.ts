import * as z from 'zod';
import { awsWorkflowRuntimeWithFiles } from '../../shared/runtime/aws-workflow-runtime-with-files';
import { seedOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { BackupNotRestorable, restoreOrchestra } from '../../shared/app/superadmin/orchestra-backup';
import type { NeutralisedCopy } from '../../shared/app/superadmin/neutralise-restored-copy';
import { readBackupFile } from './read-backup-file';
import { parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

const seedInput = z.object({ orchestraId: z.uuid(), restoreFrom: z.string().min(1).nullish() });

/**
 * The standard orchestra: instruments, positions, A/B/C lists, email templates, settings (idempotent).
 * With `restoreFrom`, the orchestra is filled from that backup file instead (idempotent too: the restore
 * replaces everything in one transaction, and leaves the copy paused with nothing pending, SPEC §7.6); the
 * Migrate state before brought the database to the backup's schema version, and MigrateToLatest after brings
 * the restored rows to the latest.
 */
export const seedStep: WorkflowStep<{ seeded: true } | { restored: number; neutralised: NeutralisedCopy }> = async (raw, deps) => {
  const { orchestraId, restoreFrom } = parseStepInput(seedInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  const db = await deps.orchestraDatabase(orchestra);
  if (!restoreFrom) {
    await seedOrchestraDatabase(db, orchestra);
    return { seeded: true };
  }
  const backup = await readBackupFile(deps, restoreFrom);
  try {
    const { rows, neutralised } = await restoreOrchestra(db, backup, deps.clock.now());
    return { restored: rows, neutralised };
  } catch (error) {
    if (error instanceof BackupNotRestorable) throw new PermanentStepError('BackupNotRestorable', error.message);
    throw error;
  }
};

export const handler = workflowLambda(seedStep, awsWorkflowRuntimeWithFiles);
