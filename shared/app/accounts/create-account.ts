import type { Queryable } from '../../ports/database';
import { hashPassword } from './password-hash';

/** Creates an account, or returns the existing one for this email and orchestra (idempotent). */
export async function ensureAccount(
  db: Queryable,
  input: { email: string; name: string; role: 'superadmin' | 'admin'; orchestraId: string | null; password?: string },
): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM users WHERE email = :email AND orchestra_id IS NOT DISTINCT FROM :orchestraId::uuid`,
    { email, orchestraId: input.orchestraId },
  );
  if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, name, role, orchestra_id, password_hash)
     VALUES (:email, :name, :role, :orchestraId::uuid, :passwordHash) RETURNING id::text AS id`,
    { email, name: input.name, role: input.role, orchestraId: input.orchestraId, passwordHash },
  );
  return { id: rows[0].id, created: true };
}

export async function setAccountPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await db.query(`UPDATE users SET password_hash = :hash WHERE id = :userId::uuid`, { hash: await hashPassword(password), userId });
}
