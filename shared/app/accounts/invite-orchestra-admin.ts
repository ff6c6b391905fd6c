import type { Database } from '../../ports/database';
import { inviteAccount } from './invite-account';

/** An orchestra's admin, invited to set a password at the orchestra's own address. */
export function inviteOrchestraAdmin(
  control: Database,
  input: { orchestraId: string; orchestraName: string; email: string; name?: string; orchestraUrl: string; now: Date },
): Promise<{ userId: string; invited: boolean }> {
  const orchestra = input.orchestraName;
  return inviteAccount(control, {
    email: input.email,
    name: input.name,
    role: 'admin',
    orchestraId: input.orchestraId,
    baseUrl: input.orchestraUrl,
    now: input.now,
    kind: 'admin_invite',
    subject: `Välkommen till ${orchestra} / Welcome to ${orchestra}`,
    whoYouAre: {
      sv: `Du är administratör för ${orchestra} i Orchestra System.`,
      en: `You are an administrator of ${orchestra} in Orchestra System.`,
    },
  });
}
