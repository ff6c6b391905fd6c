import type { Queryable } from '../../ports/database';

/** The addresses of an orchestra's active admin accounts (control database), for notices such as "list used up". */
export async function orchestraAdminEmails(control: Queryable, orchestraId: string): Promise<string[]> {
  const { rows } = await control.query<{ email: string }>(
    `SELECT email FROM users WHERE role = 'admin' AND orchestra_id = :orchestraId::uuid AND active ORDER BY email`,
    { orchestraId },
  );
  return rows.map((r) => r.email);
}
