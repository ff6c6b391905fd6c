import { PermanentStepError } from '../../shared/app/provisioning/step-errors';
import { BackupNotRestorable, parseBackup, type OrchestraBackup } from '../../shared/app/superadmin/orchestra-backup';
import { backupKeyPattern } from '../../shared/domain/backup-key';
import type { WorkflowRuntime } from '../../shared/runtime/workflow-runtime';

/**
 * The backup a provisioning restores from, as the Migrate step (its schema version) and the Seed step (its
 * rows) read it. Whatever makes it unusable fails for good: no retry brings a missing or foreign file back.
 * Only backup keys are read, the same prefix the steps' IAM grant allows in AWS.
 */
export async function readBackupFile(deps: WorkflowRuntime, key: string): Promise<OrchestraBackup> {
  if (!deps.files) throw new PermanentStepError('NoFileStore', 'this step has no file store to read the backup from');
  if (!backupKeyPattern.test(key)) throw new PermanentStepError('BackupNotRestorable', `${key} is not the key of a backup file`);
  if (!(await deps.files.exists(key))) throw new PermanentStepError('BackupNotRestorable', `no backup file ${key}`);
  try {
    return parseBackup(JSON.parse((await deps.files.get(key)).toString('utf8')));
  } catch (error) {
    if (error instanceof SyntaxError) throw new PermanentStepError('BackupNotRestorable', `${key} is not JSON`);
    if (error instanceof BackupNotRestorable) throw new PermanentStepError('BackupNotRestorable', `${key}: ${error.message}`);
    throw error;
  }
}
