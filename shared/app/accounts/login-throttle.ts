import type { Queryable } from '../../ports/database';
import { tooManyRequests } from '../../http/errors';

/**
 * Login throttling, counted in the database so every Lambda instance sees the same numbers:
 * at most 5 failed attempts per account and 30 per source address in a 15-minute window.
 */
export const throttleWindowMinutes = 15;
export const maxFailuresPerAccount = 5;
export const maxFailuresPerAddress = 30;

export async function assertLoginAllowed(db: Queryable, email: string, sourceIp: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - throttleWindowMinutes * 60_000);
  const { rows } = await db.query<{ byAccount: number; byAddress: number }>(
    // An account's count restarts at its last successful login.
    `SELECT (SELECT count(*) FROM login_attempts
              WHERE email = :email AND NOT succeeded
                AND attempted_at > greatest(:since, (SELECT max(attempted_at) FROM login_attempts WHERE email = :email AND succeeded)))::int AS "byAccount",
            (SELECT count(*) FROM login_attempts WHERE source_ip = :sourceIp AND NOT succeeded AND attempted_at > :since)::int AS "byAddress"`,
    { email, sourceIp, since },
  );
  const { byAccount, byAddress } = rows[0];
  if (byAccount >= maxFailuresPerAccount || byAddress >= maxFailuresPerAddress) {
    throw tooManyRequests(`Too many failed login attempts. Try again in ${throttleWindowMinutes} minutes.`, throttleWindowMinutes * 60);
  }
}

export async function recordLoginAttempt(db: Queryable, attempt: { email: string; sourceIp: string; succeeded: boolean; now: Date }) {
  await db.query(
    `INSERT INTO login_attempts (email, source_ip, succeeded, attempted_at) VALUES (:email, :sourceIp, :succeeded, :now)`,
    attempt,
  );
}
