import type { Database } from '../../ports/database';
import { enqueueEmail } from '../mail/enqueue-email';
import { ensureAccount } from './create-account';
import { inviteTokenHours, issuePasswordToken } from './password-tokens';

/**
 * The first superadmin of a deployment: an account without a password and an emailed single-use link to
 * set one. Idempotent: an existing account is left alone and gets no second invitation.
 */
export async function inviteSuperadmin(
  control: Database,
  input: { email: string; apexUrl: string; now: Date },
): Promise<{ invited: boolean }> {
  const email = input.email.trim().toLowerCase();
  return control.transaction(async (tx) => {
    const account = await ensureAccount(tx, { email, name: 'Superadmin', role: 'superadmin', orchestraId: null });
    if (!account.created) return { invited: false };
    const token = await issuePasswordToken(tx, { userId: account.id, purpose: 'invite', now: input.now });
    const link = `${input.apexUrl}/set-password#token=${token}`;
    await enqueueEmail(tx, {
      kind: 'superadmin_invite',
      to: email,
      subject: 'Välkommen till Orchestra System / Welcome to Orchestra System',
      text: [
        'Hej,',
        '',
        `Du är superadmin för Orchestra System. Välj ditt lösenord här (länken gäller i ${inviteTokenHours} timmar och kan användas en gång):`,
        link,
        '',
        'Hello,',
        '',
        `You are the superadmin of Orchestra System. Choose your password here (valid for ${inviteTokenHours} hours, usable once):`,
        link,
      ].join('\n'),
    });
    return { invited: true };
  });
}
