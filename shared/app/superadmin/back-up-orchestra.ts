import { backupKey } from '../../domain/backup-key';
import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { FileStore } from '../../ports/file-store';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import type { Actor } from '../audit/record-audit';
import { recordControlAudit } from './control-audit';
import { exportOrchestra } from './orchestra-backup';
import { orchestraRecordOf, requireOrchestraRow } from './orchestra-rows';

/** What a backup answers: where the file is, its size, and the rows of each table in it. */
export interface BackupMade {
  key: string;
  sizeBytes: number;
  schemaVersion: string | null;
  tables: { name: string; rows: number }[];
}

/**
 * Exports every table of one orchestra to one JSON file in the file store (S3 in AWS). The audit row
 * follows the upload: a file without an entry is possible after a crash, an entry without its file not.
 */
export async function backUpOrchestra(
  deps: { control: Database; orchestraFiles(orchestraId: string): FileStore; orchestraDatabase(o: OrchestraRecord): Promise<Database>; now: Date },
  actor: Actor,
  orchestraId: string,
): Promise<BackupMade> {
  const row = await requireOrchestraRow(deps.control, orchestraId);
  if (row.status !== 'active' && row.status !== 'suspended') throw conflict(`${row.name} is ${row.status}: it has no database to back up.`, 'wrong_status');
  const db = await deps.orchestraDatabase(await orchestraRecordOf(deps.control, orchestraId));
  const backup = await exportOrchestra(db, { id: row.id, code: row.code, name: row.name, subdomain: row.subdomain, plan: row.plan }, deps.now);
  const content = Buffer.from(JSON.stringify(backup), 'utf8');
  const key = backupKey(orchestraId, deps.now);
  await deps.orchestraFiles(orchestraId).put(key, content, 'application/json');
  const tables = backup.tables.map((t) => ({ name: t.name, rows: t.rows.length }));
  await deps.control.transaction((tx) =>
    recordControlAudit(tx, { actor, action: 'orchestra.backup', entityType: 'orchestra', entityId: orchestraId, after: { key, sizeBytes: content.length } }),
  );
  return { key, sizeBytes: content.length, schemaVersion: backup.schemaVersion, tables };
}
