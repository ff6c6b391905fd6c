import type { Database, Queryable, SqlParams } from '../../ports/database';
import { tooManyRequests } from '../../http/errors';
import { loginWaitSeconds } from '../../domain/login-delay';

/**
 * Login throttling (SPEC §5), counted in the control database so every Lambda instance sees the same
 * numbers. Two counters of failed attempts in the last hour:
 *  - per account on this host: the account that could log in with this email on this host (an orchestra's
 *    admin on that orchestra's host, a superadmin on the apex). A failure for an email that no account
 *    could log in with there (unknown, deactivated, no password yet, a superadmin's email on an orchestra's
 *    host, an admin's on another orchestra's) counts for no account, so nobody can slow an account down from
 *    a host it does not log in on. The count restarts at the account's last successful login.
 *  - per source address: every failure from that address, whatever email it named.
 * The first 5 failures of an account and 30 of an address are free; after that each attempt waits a delay
 * that doubles with each failure, 1 minute up to 15, from the counter's latest failure (429 with
 * Retry-After). No hard lock: the owner always gets in after the wait.
 *
 * The check is a reservation: under a transaction-level advisory lock per account and per address, the
 * counts are read and the attempt inserted before the password is checked (succeeded NULL, counted as a
 * failure until settled), so concurrent attempts are counted one after another, never against one count.
 */
export const throttleWindowMinutes = 60;
export const freeFailuresPerAccount = 5;
export const freeFailuresPerAddress = 30;

interface FailureCounter {
  failures: number;
  latestFailureAt: string | null;
}

/** Counts the attempt before its password is checked, or refuses it with 429; returns the attempt's id. */
export async function reserveLoginAttempt(
  db: Database,
  attempt: { email: string; userId: string | null; sourceIp: string; now: Date },
): Promise<string> {
  const since = new Date(attempt.now.getTime() - throttleWindowMinutes * 60_000);
  return db.transaction(async (tx) => {
    // Always account before address: every reservation takes them in this order, so none waits in a cycle.
    if (attempt.userId) await lockCounter(tx, `login.account:${attempt.userId}`);
    await lockCounter(tx, `login.address:${attempt.sourceIp}`);

    const byAccount = attempt.userId
      ? await countFailures(
          tx,
          `user_id = :userId::uuid
            AND attempted_at > greatest(:since, (SELECT max(attempted_at) FROM login_attempts WHERE user_id = :userId::uuid AND succeeded))`,
          { userId: attempt.userId, since },
        )
      : { failures: 0, latestFailureAt: null };
    const byAddress = await countFailures(tx, `source_ip = :sourceIp AND attempted_at > :since`, { sourceIp: attempt.sourceIp, since });

    const wait = Math.max(
      loginWaitSeconds(asDates(byAccount), freeFailuresPerAccount, attempt.now),
      loginWaitSeconds(asDates(byAddress), freeFailuresPerAddress, attempt.now),
    );
    if (wait > 0) throw tooManyRequests(`Too many failed login attempts. Try again in ${describeWait(wait)}.`, wait);

    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO login_attempts (email, user_id, source_ip, succeeded, attempted_at)
       VALUES (:email, :userId::uuid, :sourceIp, NULL, :now) RETURNING id::text AS id`,
      attempt,
    );
    return rows[0].id;
  });
}

/** Records the outcome of a reserved attempt once its password was checked. */
export async function settleLoginAttempt(db: Queryable, attemptId: string, succeeded: boolean): Promise<void> {
  await db.query(`UPDATE login_attempts SET succeeded = :succeeded WHERE id = :attemptId::bigint`, { attemptId, succeeded });
}

async function lockCounter(tx: Queryable, key: string): Promise<void> {
  await tx.query(`SELECT true AS locked FROM pg_advisory_xact_lock(hashtextextended(:key, 0))`, { key });
}

/** Failed and still unsettled attempts matching `where`, and the latest of them. */
async function countFailures(tx: Queryable, where: string, params: SqlParams): Promise<FailureCounter> {
  const { rows } = await tx.query<FailureCounter>(
    `SELECT count(*)::int AS failures, max(attempted_at) AS "latestFailureAt"
       FROM login_attempts WHERE succeeded IS NOT TRUE AND ${where}`,
    params,
  );
  return rows[0];
}

function asDates(counter: FailureCounter) {
  return { failures: counter.failures, latestFailureAt: counter.latestFailureAt ? new Date(counter.latestFailureAt) : null };
}

/** In whole minutes, as the web app reads it ("1 minute", "4 minutes"); Retry-After has the seconds. */
function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
