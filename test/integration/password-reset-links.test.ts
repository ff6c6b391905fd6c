import { runTick } from '../../shared/app/jobs/run-tick';
import { issuePasswordToken } from '../../shared/app/accounts/password-tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * Password links are single-use per account, not only per link: setting a password with one of an
 * account's open links (reset or invitation) voids every other open link of that account. Through the
 * local HTTP server and the mailbox, on the real PostgreSQL.
 */
describe('password reset links', () => {
  let product: TestProduct;
  let orchestra: Awaited<ReturnType<TestProduct['addOrchestra']>>;

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('links');
  });
  afterAll(() => product?.close());

  const confirm = (token: string, password: string) =>
    product.call('POST', '/api/auth/password-reset/confirm', { host: orchestra.host, body: { token, password } });

  /** Every reset token mailed to this address so far, oldest first. */
  async function mailedTokens(to: string): Promise<string[]> {
    await runTick(product.runtime);
    const tokens: string[] = [];
    for (const summary of (await product.runtime.mailbox.list()).filter((m) => m.to.includes(to))) {
      const message = (await product.runtime.mailbox.read(summary.id))!;
      tokens.push(/reset-password#token=([\w-]+)/.exec(message.text)![1]);
    }
    return tokens.reverse();
  }

  it("voids the account's other open reset and invitation links when one is used", async () => {
    const { rows } = await product.runtime.control.query<{ id: string }>(`SELECT id::text AS id FROM users WHERE email = :email`, { email: orchestra.adminEmail });
    const invitation = await issuePasswordToken(product.runtime.control, { userId: rows[0].id, purpose: 'invite', now: product.clock.now() });
    for (let i = 0; i < 3; i++) {
      expect((await product.call('POST', '/api/auth/password-reset', { host: orchestra.host, body: { email: orchestra.adminEmail } })).status).toBe(202);
    }
    const tokens = await mailedTokens(orchestra.adminEmail);
    expect(tokens).toHaveLength(3);

    expect((await confirm(tokens[1], 'the-chosen-password')).status).toBe(200);
    for (const other of [tokens[0], tokens[2], invitation]) {
      const refused = await confirm(other, 'an-attackers-password');
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields).toEqual([{ field: 'token', message: 'is invalid, already used or expired' }]);
    }
    const login = (password: string) => product.call('POST', '/api/auth/login', { host: orchestra.host, body: { email: orchestra.adminEmail, password } });
    expect((await login('the-chosen-password')).status).toBe(200);
  });
});
