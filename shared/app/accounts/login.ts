import type { Database, Queryable } from '../../ports/database';
import { AppError, locked } from '../../http/errors';
import { reserveLoginAttempt, settleLoginAttempt } from './login-throttle';
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
export async function login(db: Database, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const account = await findLoginAccount(db, email, input.orchestraId);
  const attemptId = await reserveLoginAttempt(db, { email, userId: account?.id ?? null, sourceIp: input.sourceIp, now: input.now });

  // Always spend the hashing time, so a response's timing does not reveal whether the account exists.
  const ok = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
  const succeeded = Boolean(account && ok);
  await settleLoginAttempt(db, attemptId, succeeded);
  if (!succeeded) throw invalidCredentials();

  const session = await db.transaction(async (tx) => {
    if (input.orchestraId) await lockActiveOrchestra(tx, input.orchestraId);
    await tx.query(`UPDATE users SET last_login_at = :now WHERE id = :id::uuid`, { id: account!.id, now: input.now });
    return createSession(tx, { userId: account!.id, orchestraId: input.orchestraId, now: input.now, lifetimeHours: input.sessionHours });
  });
  return { ...session, userId: account!.id, orchestraId: input.orchestraId };
}

/** The account that can log in with this email on this host: active, with a password, of this host. */
async function findLoginAccount(db: Queryable, email: string, orchestraId: string | null) {
  const { rows } = await db.query<{ id: string; passwordHash: string }>(
    `SELECT id::text AS id, password_hash AS "passwordHash" FROM users
      WHERE email = :email AND active AND password_hash IS NOT NULL
        AND ((:orchestraId::uuid IS NULL AND role = 'superadmin') OR (role = 'admin' AND orchestra_id = :orchestraId::uuid))`,
    { email, orchestraId },
  );
  return rows[0] ?? null;
}

/**
 * The orchestra must be active when its session is made, read under a share lock on its row: a suspension
 * (which locks the row for update, then revokes the orchestra's sessions) either comes first and this
 * login is refused, or waits for this session and revokes it. No session outlives a suspension.
 */
async function lockActiveOrchestra(tx: Queryable, orchestraId: string): Promise<void> {
  const { rows } = await tx.query<{ name: string; status: string }>(
    `SELECT name, status FROM orchestras WHERE id = :orchestraId::uuid FOR SHARE`,
    { orchestraId },
  );
  const orchestra = rows[0];
  if (orchestra?.status === 'suspended') throw locked(`${orchestra.name} is suspended. Contact the service operator.`);
  if (orchestra?.status !== 'active') throw new AppError(404, 'orchestra_not_found', 'There is no orchestra at this address.');
}
