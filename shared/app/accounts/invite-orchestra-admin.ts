import type { Database } from '../../ports/database';
import { enqueueEmail } from '../mail/enqueue-email';
import { ensureAccount } from './create-account';
import { inviteTokenHours, issuePasswordToken } from './password-tokens';

/**
 * An orchestra's admin: an account without a password and an emailed single-use link (sv + en) to set
 * one at the orchestra's own address. Account, token and outbox row commit together. Idempotent: an
 * account that already exists gets no second invitation, so a retried workflow step sends one email.
 */
export async function inviteOrchestraAdmin(
  control: Database,
  input: { orchestraId: string; orchestraName: string; email: string; name?: string; orchestraUrl: string; now: Date },
): Promise<{ userId: string; invited: boolean }> {
  const email = input.email.trim().toLowerCase();
  return control.transaction(async (tx) => {
    const account = await ensureAccount(tx, { email, name: input.name ?? '', role: 'admin', orchestraId: input.orchestraId });
    if (!account.created) return { userId: account.id, invited: false };
    const token = await issuePasswordToken(tx, { userId: account.id, purpose: 'invite', now: input.now });
    const link = `${input.orchestraUrl}/set-password#token=${token}`;
    await enqueueEmail(tx, {
      kind: 'admin_invite',
      to: email,
      subject: `Välkommen till ${input.orchestraName} / Welcome to ${input.orchestraName}`,
      text: [
        'Hej,',
        '',
        `Du är administratör för ${input.orchestraName} i Orchestra System. Välj ditt lösenord här (länken gäller i ${inviteTokenHours} timmar och kan användas en gång):`,
        link,
        '',
        'Hello,',
        '',
        `You are an administrator of ${input.orchestraName} in Orchestra System. Choose your password here (valid for ${inviteTokenHours} hours, usable once):`,
        link,
      ].join('\n'),
    });
    return { userId: account.id, invited: true };
  });
}
