import type { Database } from '../../ports/database';
import { badRequest } from '../../http/errors';
import { enqueueEmail } from '../mail/enqueue-email';
import { hashPassword } from './password-hash';
import { consumePasswordToken, issuePasswordToken, resetTokenHours, voidOpenPasswordTokens } from './password-tokens';
import { revokeUserSessions } from './sessions';

const maxResetsPerHour = 3;

/**
 * Emails a single-use reset link to the account of this host, if there is one. The answer is the same
 * whether or not the account exists, so the endpoint cannot be used to find out who has an account.
 */
export async function requestPasswordReset(
  db: Database,
  input: { email: string; orchestraId: string | null; baseUrl: string; now: Date },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; recent: number }>(
      `SELECT u.id::text AS id,
              (SELECT count(*) FROM password_tokens t
                WHERE t.user_id = u.id AND t.purpose = 'reset' AND t.created_at > :since)::int AS recent
         FROM users u
        WHERE u.email = :email AND u.active
          AND ((:orchestraId::uuid IS NULL AND u.role = 'superadmin') OR (u.role = 'admin' AND u.orchestra_id = :orchestraId::uuid))
        FOR UPDATE OF u`,
      { email, orchestraId: input.orchestraId, since: new Date(input.now.getTime() - 3_600_000) },
    );
    const user = rows[0];
    if (!user || user.recent >= maxResetsPerHour) return;
    const token = await issuePasswordToken(tx, { userId: user.id, purpose: 'reset', now: input.now });
    const link = `${input.baseUrl}/reset-password#token=${token}`;
    await enqueueEmail(tx, {
      kind: 'password_reset',
      to: email,
      subject: 'Återställ ditt lösenord / Reset your password',
      text: [
        'Hej,',
        '',
        `Öppna länken för att välja ett nytt lösenord. Den gäller i ${resetTokenHours} timme och kan bara användas en gång:`,
        link,
        '',
        'Hello,',
        '',
        `Open the link to choose a new password. It is valid for ${resetTokenHours} hour and can be used once:`,
        link,
        '',
        'Om du inte bad om detta kan du strunta i meddelandet. / If you did not ask for this, ignore this message.',
      ].join('\n'),
    });
  });
}

/** Sets a new password with a reset or invitation token; it voids the account's other open links, and old sessions end. */
export async function confirmPasswordReset(
  db: Database,
  input: { token: string; password: string; orchestraId: string | null; now: Date },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const consumed = await consumePasswordToken(tx, input.token, input.now);
    const invalid = () => badRequest('This link is invalid, already used or expired. Ask for a new one.', [
      { field: 'token', message: 'is invalid, already used or expired' },
    ]);
    if (!consumed) throw invalid();
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE users SET password_hash = :passwordHash
        WHERE id = :userId::uuid AND active
          AND ((:orchestraId::uuid IS NULL AND role = 'superadmin') OR (role = 'admin' AND orchestra_id = :orchestraId::uuid))
        RETURNING id::text AS id`,
      { passwordHash, userId: consumed.userId, orchestraId: input.orchestraId },
    );
    // A token of another orchestra's account is refused here; the rollback leaves it unused.
    if (!rows[0]) throw invalid();
    await voidOpenPasswordTokens(tx, consumed.userId, input.now);
    await revokeUserSessions(tx, consumed.userId, input.now);
  });
}
