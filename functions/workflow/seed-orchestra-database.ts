import * as z from 'zod';
import { awsWorkflowRuntimeWithFiles } from '../../shared/runtime/aws-workflow-runtime-with-files';
import { seedOrchestraDatabase } from '../../shared/app/provisioning/provisioning-steps';
import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { BackupNotRestorable, parseBackup, restoreOrchestra } from '../../shared/app/superadmin/orchestra-backup';
import { parseStepInput, requireOrchestra, workflowLambda, type WorkflowStep } from './workflow-step';

const seedInput = z.object({ orchestraId: z.uuid(), restoreFrom: z.string().min(1).nullish() });

/**
 * The standard orchestra: instruments, positions, A/B/C lists, email templates, settings (idempotent).
 * With `restoreFrom`, the orchestra is filled from that backup file instead (idempotent too: the restore
 * replaces everything in one transaction).
 */
export const seedStep: WorkflowStep<{ seeded: true } | { restored: number }> = async (raw, deps) => {
  const { orchestraId, restoreFrom } = parseStepInput(seedInput, raw);
  const orchestra = await requireOrchestra(deps.control, orchestraId);
  const db = await deps.orchestraDatabase(orchestra);
  if (!restoreFrom) {
    await seedOrchestraDatabase(db, orchestra);
    return { seeded: true };
  }
  if (!deps.files) throw new PermanentStepError('NoFileStore', 'this step has no file store to read the backup from');
  let backup;
  try {
    backup = parseBackup(JSON.parse((await deps.files.get(restoreFrom)).toString('utf8')));
  } catch (error) {
    if (error instanceof SyntaxError) throw new PermanentStepError('BackupNotRestorable', `${restoreFrom} is not JSON`);
    throw error;
  }
  try {
    const { rows } = await restoreOrchestra(db, backup);
    return { restored: rows };
  } catch (error) {
    if (error instanceof BackupNotRestorable) throw new PermanentStepError('BackupNotRestorable', error.message);
    throw error;
  }
};

export const handler = workflowLambda(seedStep, awsWorkflowRuntimeWithFiles);
