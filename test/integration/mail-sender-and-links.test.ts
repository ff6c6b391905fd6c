import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../shared/app/jobs/run-tick';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, sendScenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

interface ParsedAddress {
  value: { address?: string; name?: string }[];
}
interface ParsedMail {
  from?: ParsedAddress;
  replyTo?: ParsedAddress;
  text?: string;
  html?: string | false;
}
// mailparser ships no types; only simpleParser is used, typed by what is read of it above.
const { simpleParser } = createRequire(import.meta.url)('mailparser') as { simpleParser: (raw: Buffer) => Promise<ParsedMail> };

/**
 * Email as the musician's mail program shows it (SPEC §2 settings, §3.5): parsed back from the very .eml the
 * local mailer wrote, after the tick delivered the orchestra's outbox. The orchestra's sender name is the From
 * display name on the deployment's own address, its reply-to address the Reply-To, on every email it sends; the
 * HTML part's response link is a button and a link, the plain-text part keeps the bare address.
 */
describe('email sender and response link (pg adapter)', () => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let cookie: string;
  let n = 0;

  const settings = (body: unknown) => product.call('PATCH', '/api/settings', { host: orchestra.host, cookie, body });
  const deploymentAddress = () => /<([^>]+)>/.exec(product.runtime.config.MAIL_FROM)![1];

  /** One musician asked in their language; the tick delivers the request email, returned as parsed from its .eml. */
  async function requestMailFor(language: 'sv' | 'en') {
    n += 1;
    const s = await createScenario(db, { label: `avsandare${n}`, strategy: 'sequential', quantity: 1, musicians: 1, language });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    await runTick(product.runtime);
    return { scenario: s, mail: await parsedMailTo(s.emails[0]) };
  }

  async function parsedMailTo(address: string, subjectStart = '') {
    const summary = (await product.runtime.mailbox.list()).find((m) => m.to.includes(address) && m.subject.startsWith(subjectStart));
    if (!summary) throw new Error(`no mail to ${address}`);
    return simpleParser((await product.runtime.mailbox.readRaw(summary.id))!);
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('avsandare', { seed: true });
    db = await product.orchestraDb(orchestra);
    cookie = await product.loginAs(orchestra);
  });
  afterAll(() => product?.close());

  it("sends as the orchestra's sender name on the deployment's address, with its reply-to address, every email it sends", async () => {
    const saved = await settings({ senderName: 'Kansliet på "Filharmonin"', replyTo: 'kansli@filharmonin.example.org' });
    expect(saved.status, saved.text).toBe(200);

    const { scenario, mail } = await requestMailFor('sv');
    expect(mail.from?.value).toEqual([{ name: 'Kansliet på "Filharmonin"', address: deploymentAddress() }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'kansli@filharmonin.example.org' }]);

    // Not only the request: the confirmation after a yes carries them too.
    const token = /\/respond\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
    const answered = await product.call('POST', `/api/respond/${token}`, { host: orchestra.host, body: { answer: 'yes' } });
    expect(answered.json.state).toBe('accepted');
    await runTick(product.runtime);
    const confirmation = await parsedMailTo(scenario.emails[0], 'Bekräftelse');
    expect(confirmation.from?.value).toEqual([{ name: 'Kansliet på "Filharmonin"', address: deploymentAddress() }]);
    expect(confirmation.replyTo?.value).toEqual([{ name: '', address: 'kansli@filharmonin.example.org' }]);
  });

  it('without a sender name sends as the orchestra, and without a reply-to address sets none', async () => {
    expect((await settings({ senderName: '', replyTo: '' })).status).toBe(200);
    const { mail } = await requestMailFor('sv');
    expect(mail.from?.value).toEqual([{ name: 'Orchestra avsandare', address: deploymentAddress() }]);
    expect(mail.replyTo).toBeUndefined();
  });

  it('refuses a sender name of more than one line, which no From header can carry', async () => {
    const refused = await settings({ senderName: 'Kansliet\r\nBcc: someone@example.org' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toEqual([{ field: 'senderName', message: 'must be one line' }]);
  });

  it("shows the response link in the HTML part as a button in the musician's language and a link; the text part keeps the bare address", async () => {
    for (const [language, label, lead] of [
      ['sv', 'Svara', 'Svara ja eller nej senast'],
      ['en', 'Answer', 'Please answer yes or no by'],
    ] as const) {
      const { mail } = await requestMailFor(language);
      const url = new RegExp(`${publicBaseUrl(product.runtime.config, orchestra.record.subdomain).replace(/[.:/]/g, '\\$&')}/respond/[A-Za-z0-9_-]{43}`).exec(mail.text ?? '')![0];
      // The plain-text part: the address alone on the line after the request to answer, no markup.
      expect(mail.text).toMatch(new RegExp(`${lead} [^\\n]+:\\n${url.replace(/[.:/?]/g, '\\$&')}\\n`));
      expect(mail.text).not.toContain('<a');

      const html = mail.html || '';
      const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => ({ href, text }));
      expect(links).toEqual([
        { href: url, text: label },
        { href: url, text: url },
      ]);
    }
  });
});
