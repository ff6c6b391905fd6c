import type { Queryable } from '../../ports/database';

/** Ends every live session of an orchestra's admins (suspend, archive). */
export async function revokeOrchestraSessions(tx: Queryable, orchestraId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE sessions SET revoked_at = :now WHERE orchestra_id = :id::uuid AND revoked_at IS NULL`, { id: orchestraId, now });
}
