import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { defaultEmailTemplates } from '../../shared/seed/default-email-templates';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Email templates through the real HTTP server and the orchestra's own PostgreSQL, once per database
 * adapter: list every type and language, edit (unknown variables refused), preview with sample data in
 * the template's language (escaped in HTML), reset to the default — each change audited.
 */
describe.each(['pg', 'data-api'] as const)('email templates API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const defaultOf = (type: string, language: string) => defaultEmailTemplates.find((t) => t.type === type && t.language === language)!;

  async function audit(action: string): Promise<{ entity_id: string; before: unknown; after: unknown }[]> {
    const { rows } = await db.query<{ entity_id: string; before: unknown; after: unknown }>(
      `SELECT entity_id, before, after FROM audit_log WHERE action = :action ORDER BY id`,
      { action },
    );
    return rows;
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('templates', { seed: true });
    other = await product.addOrchestra('neighbours', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('lists every type in every language, none customised at first', async () => {
    const res = await call('GET', '/api/templates');
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(12);
    expect(res.json.items.slice(0, 2).map((t: { type: string; language: string }) => `${t.type}/${t.language}`)).toEqual(['request/sv', 'request/en']);
    expect(res.json.items.every((t: { customised: boolean }) => !t.customised)).toBe(true);
    expect(res.json.items[1].subject).toBe(defaultOf('request', 'en').subject);
  });

  it('shows one template with its default and the variables it may use', async () => {
    const res = await call('GET', '/api/templates/reminder/en');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ type: 'reminder', language: 'en', customised: false, default: { subject: defaultOf('reminder', 'en').subject } });
    expect(res.json.variables).toContain('responseUrl');
    const bad = await call('GET', '/api/templates/invoice/de');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['language', 'type']);
  });

  it('saves a subject and body, marks it customised and audits before and after', async () => {
    const body = 'Hi {{firstName}},\n\nWe need a {{ positionName }} for {{projectName}}. Answer by {{deadline}}: {{responseUrl}}';
    const res = await call('PUT', '/api/templates/request/en', { subject: '  {{projectName}}: can you play?  ', body });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ subject: '{{projectName}}: can you play?', body, customised: true, updatedAt: expect.any(String) });
    const list = await call('GET', '/api/templates');
    expect(list.json.items.filter((t: { customised: boolean }) => t.customised).map((t: { type: string; language: string }) => `${t.type}/${t.language}`)).toEqual([
      'request/en',
    ]);
    const [entry] = await audit('template.update');
    expect(entry).toMatchObject({
      entity_id: 'request/en',
      before: { subject: defaultOf('request', 'en').subject },
      after: { subject: '{{projectName}}: can you play?', body },
    });
    // The other orchestra's template is its own.
    const theirs = await product.call('GET', '/api/templates/request/en', { host: other.host, cookie: await product.loginAs(other) });
    expect(theirs.json.customised).toBe(false);
  });

  it('refuses unknown variables, naming them, and bad lengths; nothing is saved', async () => {
    const res = await call('PUT', '/api/templates/confirmation/sv', {
      subject: 'Tack {{firstname}}',
      body: 'Hej {{firstName}}, vi ses {{venue}} och {{ venue }} och {{dressCode}}.',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([
      { field: 'subject', message: expect.stringMatching(/^uses unknown variable \{\{firstname\}\}; allowed: firstName, /) },
      { field: 'body', message: expect.stringMatching(/^uses unknown variables \{\{venue\}\}, \{\{dressCode\}\}; allowed: /) },
    ]);
    const lengths = await call('PUT', '/api/templates/confirmation/sv', { subject: 'x'.repeat(301), body: '   ' });
    expect(lengths.json.error.fields).toEqual([
      { field: 'subject', message: 'must be at most 300 characters' },
      { field: 'body', message: 'is required' },
    ]);
    const twoLines = await call('PUT', '/api/templates/confirmation/sv', { subject: 'Tack\nBcc: someone@example.org', body: 'Hej' });
    expect(twoLines.json.error.fields).toEqual([{ field: 'subject', message: 'must be one line' }]);
    const missing = await call('PUT', '/api/templates/confirmation/sv', {});
    expect(missing.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['subject', 'body']);
    expect((await call('GET', '/api/templates/confirmation/sv')).json.customised).toBe(false);
    expect(await audit('template.update')).toHaveLength(1);
  });

  it('refuses a request or reminder whose body has no {{responseUrl}} (the musician could not answer); nothing is saved', async () => {
    for (const path of ['/api/templates/request/sv', '/api/templates/reminder/en']) {
      // In the subject only is not enough: the body is where the link and the button go.
      const res = await call('PUT', path, { subject: 'Svara: {{responseUrl}}', body: 'Hej {{firstName}}, kan du spela i {{projectName}}?' });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.fields).toEqual([{ field: 'body', message: 'must contain {{responseUrl}}, the link the musician answers with' }]);
      expect((await call('GET', path)).json.customised).toBe(false);
    }
    expect(await audit('template.update')).toHaveLength(1);
  });

  it('previews the stored template with sample data in its language, as text and escaped HTML', async () => {
    await call('PATCH', '/api/settings', { orchestraName: 'Gävle <Symfoniorkester>' });
    const res = await call('POST', '/api/templates/request/sv/preview');
    expect(res.status).toBe(200);
    expect(res.json.subject).toMatch(/^Förfrågan: Tutti violin 1 i Vårkonsert: Sibelius & Nielsen \(vecka \d+\)$/);
    expect(res.json.text).toContain('Hej Karin!');
    expect(res.json.text).toContain('Vi på Gävle <Symfoniorkester> undrar');
    expect(res.json.html).toContain('Vi på Gävle &lt;Symfoniorkester&gt; undrar');
    expect(res.json.html).toContain('Sibelius &amp; Nielsen');
    expect(res.json.html).toContain('<br>');
    expect(res.json.text).toMatch(/\/respond\/exempel/);
    expect(res.json.values).toMatchObject({ firstName: 'Karin', quantity: 2, deadline: expect.stringMatching(/kl\./) });
    expect(res.json.text).not.toMatch(/\{\{/);
  });

  it('previews a draft before it is saved, in English, and refuses a draft with unknown variables', async () => {
    const res = await call('POST', '/api/templates/withdrawn/en/preview', { body: 'Sorry {{firstName}} <3, {{projectName}} is off.' });
    expect(res.status).toBe(200);
    expect(res.json.text).toBe('Sorry Emma <3, Spring concert: Sibelius & Nielsen is off.');
    expect(res.json.html).toBe('Sorry Emma &lt;3, Spring concert: Sibelius &amp; Nielsen is off.');
    expect(res.json.subject).toBe(defaultOf('withdrawn', 'en').subject.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(res.json.values[name])));
    const bad = await call('POST', '/api/templates/withdrawn/en/preview', { subject: '{{nope}}' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual([{ field: 'subject', message: expect.stringMatching(/unknown variable \{\{nope\}\}/) }]);
    expect(await audit('template.update')).toHaveLength(1);
  });

  it('resets a template to its default, audited', async () => {
    const res = await call('POST', '/api/templates/request/en/reset');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customised: false, subject: defaultOf('request', 'en').subject, body: defaultOf('request', 'en').body });
    const [entry] = await audit('template.reset');
    expect(entry).toMatchObject({ entity_id: 'request/en', before: { subject: '{{projectName}}: can you play?' }, after: { subject: defaultOf('request', 'en').subject } });
  });

  it('writes the row when the orchestra had none, and lists the default meanwhile', async () => {
    await db.query(`DELETE FROM email_templates WHERE type = 'exhausted' AND language = 'en'`);
    const missing = await call('GET', '/api/templates/exhausted/en');
    expect(missing.json).toMatchObject({ customised: false, updatedAt: null, subject: defaultOf('exhausted', 'en').subject });
    const saved = await call('PUT', '/api/templates/exhausted/en', { subject: 'List ran out: {{projectName}}', body: '{{positionName}} needs more people.' });
    expect(saved.status).toBe(200);
    const { rows } = await db.query<{ subject: string }>(`SELECT subject FROM email_templates WHERE type = 'exhausted' AND language = 'en'`);
    expect(rows).toEqual([{ subject: 'List ran out: {{projectName}}' }]);
  });
});
