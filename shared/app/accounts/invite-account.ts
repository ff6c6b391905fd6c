import type { Database, Queryable } from '../../ports/database';
import { enqueueEmail } from '../mail/enqueue-email';
import { ensureAccount } from './create-account';
import { inviteTokenHours, issuePasswordToken } from './password-tokens';

export interface Invitation {
  email: string;
  name?: string;
  role: 'superadmin' | 'admin';
  orchestraId: string | null;
  /** Where the account logs in: the apex for a superadmin, the orchestra's address for an admin. */
  baseUrl: string;
  now: Date;
  kind: string;
  /** Subject and the sentence saying what the account is, in Swedish and English. */
  subject: string;
  whoYouAre: { sv: string; en: string };
  /** Runs first inside the transaction (e.g. a plan limit); throwing refuses the invitation. */
  guard?: (tx: Queryable, email: string) => Promise<void>;
}

/**
 * An account without a password and an emailed single-use link (sv + en) to set one. Account, token and
 * outbox row commit together. Idempotent: an account that already exists gets no second invitation, so a
 * retried deploy or workflow step sends one email.
 */
export async function inviteAccount(control: Database, invitation: Invitation): Promise<{ userId: string; invited: boolean }> {
  const email = invitation.email.trim().toLowerCase();
  return control.transaction(async (tx) => {
    await invitation.guard?.(tx, email);
    const account = await ensureAccount(tx, { email, name: invitation.name ?? '', role: invitation.role, orchestraId: invitation.orchestraId });
    if (!account.created) return { userId: account.id, invited: false };
    const token = await issuePasswordToken(tx, { userId: account.id, purpose: 'invite', now: invitation.now });
    const link = `${invitation.baseUrl}/set-password#token=${token}`;
    await enqueueEmail(tx, {
      kind: invitation.kind,
      to: email,
      subject: invitation.subject,
      text: [
        'Hej,',
        '',
        `${invitation.whoYouAre.sv} Välj ditt lösenord här (länken gäller i ${inviteTokenHours} timmar och kan användas en gång):`,
        link,
        '',
        'Hello,',
        '',
        `${invitation.whoYouAre.en} Choose your password here (valid for ${inviteTokenHours} hours, usable once):`,
        link,
      ].join('\n'),
    });
    return { userId: account.id, invited: true };
  });
}
