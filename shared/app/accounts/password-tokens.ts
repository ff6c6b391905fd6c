import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../ports/database';

/** Single-use links for password reset and invitations: 256 random bits, only the SHA-256 is stored. */
export const resetTokenHours = 1;
export const inviteTokenHours = 72;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issuePasswordToken(
  db: Queryable,
  input: { userId: string; purpose: 'reset' | 'invite'; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const hours = input.purpose === 'reset' ? resetTokenHours : inviteTokenHours;
  await db.query(
    `INSERT INTO password_tokens (user_id, purpose, token_hash, created_at, expires_at)
     VALUES (:userId::uuid, :purpose, :tokenHash, :now, :expiresAt)`,
    {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      now: input.now,
      expiresAt: new Date(input.now.getTime() + hours * 3_600_000),
    },
  );
  return token;
}

/** Marks the token used and returns its user, atomically: a second use finds nothing. */
export async function consumePasswordToken(db: Queryable, token: string, now: Date): Promise<{ userId: string; purpose: string } | null> {
  const { rows } = await db.query<{ userId: string; purpose: string }>(
    `UPDATE password_tokens SET used_at = :now
      WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now
      RETURNING user_id::text AS "userId", purpose`,
    { tokenHash: hashToken(token), now },
  );
  return rows[0] ?? null;
}

/**
 * Ends every open link of the account (reset and invitation): once a password is set with one link, the
 * others sent before it must not set another (whoever holds an older email would otherwise take over).
 */
export async function voidOpenPasswordTokens(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query(`UPDATE password_tokens SET expires_at = :now WHERE user_id = :userId::uuid AND used_at IS NULL AND expires_at > :now`, { userId, now });
}
