import type { Queryable } from '../../ports/database';

/** The orchestra's admin accounts that count against the plan: active ones, invited or not yet logged in included. */
export async function countOrchestraAdmins(control: Queryable, orchestraId: string): Promise<number> {
  const { rows } = await control.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE orchestra_id = :orchestraId::uuid AND role = 'admin' AND active`,
    { orchestraId },
  );
  return rows[0].n;
}
