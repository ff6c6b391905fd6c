import type { Queryable } from '../../ports/database';
import { AppError } from '../../http/errors';
import { assertLoginAllowed, recordLoginAttempt } from './login-throttle';
import { decoyHash, verifyPassword } from './password-hash';
import { createSession } from './sessions';

export interface LoginInput {
  email: string;
  password: string;
  /** The orchestra named by the host, or null on the apex host (superadmin login). */
  orchestraId: string | null;
  sourceIp: string;
  now: Date;
  sessionHours: number;
}

export interface LoginResult {
  sessionId: string;
  userId: string;
  orchestraId: string | null;
  expiresAt: Date;
}

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'Wrong email or password.');

/** Checks the password of the account that belongs to this host and opens a session bound to it. */
export async function login(db: Queryable, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  await assertLoginAllowed(db, email, input.sourceIp, input.now);

  const { rows } = await db.query<{ id: string; passwordHash: string | null; active: boolean }>(
    `SELECT id::text AS id, password_hash AS "passwordHash", active FROM users
      WHERE email = :email
        AND ((:orchestraId::uuid IS NULL AND role = 'superadmin') OR (role = 'admin' AND orchestra_id = :orchestraId::uuid))`,
    { email, orchestraId: input.orchestraId },
  );
  const user = rows[0];
  // Always spend the hashing time, so a response's timing does not reveal whether the account exists.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  const succeeded = Boolean(user && user.active && user.passwordHash && ok);
  await recordLoginAttempt(db, { email, sourceIp: input.sourceIp, succeeded, now: input.now });
  if (!succeeded) throw invalidCredentials();

  await db.query(`UPDATE users SET last_login_at = :now WHERE id = :id::uuid`, { id: user.id, now: input.now });
  const session = await createSession(db, {
    userId: user.id,
    orchestraId: input.orchestraId,
    now: input.now,
    lifetimeHours: input.sessionHours,
  });
  return { ...session, userId: user.id, orchestraId: input.orchestraId };
}
