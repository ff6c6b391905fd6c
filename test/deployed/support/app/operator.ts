import type { DeployedApp } from '../deployed-app';

/** A link `https://<host>/<page>#token=…` in an email's text, as the product writes invitations and resets. */
export function tokenLink(text: string, page: string): { url: string; token: string } {
  const match = new RegExp(`https://[^\\s]+/${page}#token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${page} link in:\n${text}`);
  return { url: match[0], token: match[1]! };
}

/**
 * An operator's first deploy, done the way a new operator does it: CloudFormation creates the stacks (the
 * control database custom resource), the next tick sends the invitation, the operator sets a password from
 * its link and logs in on the apex. Afterwards `app.request(app.apex, …)` carries the superadmin's session.
 */
export async function firstDeployAndOperatorLogin(app: DeployedApp, operator: { email: string; password: string }): Promise<void> {
  const outcomes = await app.runCustomResources('Create');
  for (const outcome of outcomes) {
    if (outcome.Status !== 'SUCCESS') throw new Error(`custom resource failed: ${outcome.Reason}\n${outcome.invocation.logs}`);
  }
  const [run] = await app.tick();
  if (!run?.result.ok) throw new Error(`the tick failed:\n${run?.result.logs}`);
  const invitation = await app.ses.waitForMessage((m) => m.destinations.includes(operator.email), 5_000);
  const { token } = tokenLink(invitation.text, 'set-password');
  const set = await app.request(app.apex, '/api/auth/password-reset/confirm', { method: 'POST', json: { token, password: operator.password } });
  if (set.status >= 300) throw new Error(`setting the password failed: ${set.status} ${set.text}`);
  const login = await app.request(app.apex, '/api/auth/login', { method: 'POST', json: { email: operator.email, password: operator.password } });
  if (login.status !== 200) throw new Error(`the operator's login failed: ${login.status} ${login.text}`);
}
