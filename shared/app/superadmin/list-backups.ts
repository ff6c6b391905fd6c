import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import { requireOrchestraRow } from './orchestra-rows';

/** One backup file of an orchestra, as its audit row recorded it when the upload had finished. */
export interface OrchestraBackup {
  key: string;
  sizeBytes: number;
  createdAt: string;
  /** The superadmin who made it; null once that account is gone. */
  createdBy: { userId: string; email: string; name: string } | null;
}

/**
 * An orchestra's backups, newest first. The control audit trail is the index: backUpOrchestra writes its
 * row only after the file is stored, so every listed key names a file (SPEC §4). Any status is listed —
 * an archived or failed orchestra's earlier backups are what a restore starts from.
 */
export async function listBackups(control: Queryable, orchestraId: string): Promise<Page<OrchestraBackup>> {
  await requireOrchestraRow(control, orchestraId);
  const { rows } = await control.query<{ key: string; sizeBytes: number; createdAt: string; userId: string | null; email: string | null; name: string | null }>(
    `SELECT a.after->>'key' AS key, (a.after->>'sizeBytes')::bigint AS "sizeBytes", a.at AS "createdAt",
            u.id::text AS "userId", u.email, u.name
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_user_id
      WHERE a.action = 'orchestra.backup' AND a.entity_type = 'orchestra' AND a.entity_id = :id
      ORDER BY a.at DESC, a.id DESC`,
    { id: orchestraId },
  );
  const items = rows.map((r) => ({
    key: r.key,
    sizeBytes: Number(r.sizeBytes),
    createdAt: r.createdAt,
    createdBy: r.userId ? { userId: r.userId, email: r.email ?? '', name: r.name ?? '' } : null,
  }));
  return { items, total: items.length };
}
