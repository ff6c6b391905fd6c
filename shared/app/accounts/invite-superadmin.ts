import type { Database } from '../../ports/database';
import { inviteAccount } from './invite-account';

/** The first superadmin of a deployment, invited to set a password on the apex host. */
export async function inviteSuperadmin(control: Database, input: { email: string; apexUrl: string; now: Date }): Promise<{ invited: boolean }> {
  const { invited } = await inviteAccount(control, {
    email: input.email,
    name: 'Superadmin',
    role: 'superadmin',
    orchestraId: null,
    baseUrl: input.apexUrl,
    now: input.now,
    kind: 'superadmin_invite',
    subject: 'Välkommen till Orchestra System / Welcome to Orchestra System',
    whoYouAre: { sv: 'Du är superadmin för Orchestra System.', en: 'You are the superadmin of Orchestra System.' },
  });
  return { invited };
}
