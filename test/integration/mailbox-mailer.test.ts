import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailboxMailer, type MailboxMailer } from '../../shared/adapters/local/mailbox-mailer';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { handleMailboxRequest, linkify, renderMailboxIndex, renderMailboxMessage } from '../../infra/local/mailbox-page';
import { TestClock } from '../support/test-clock';

const from = 'Orchestra System <no-reply@orkester.example>';
const respondUrl = 'https://demo.localhost:3000/respond/tok_123?lang=sv&x=1';

function email(subject: string, extra: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return { from, to: ['musiker@example.com'], subject, text: `Hej!\nSvara här: ${respondUrl}.\n`, ...extra };
}

let directory: string;
let clock: TestClock;
let mailbox: MailboxMailer;

beforeEach(async () => {
  directory = join(await mkdtemp(join(tmpdir(), 'mailbox-test-')), 'mail');
  clock = new TestClock(new Date('2026-11-25T09:00:00Z'));
  mailbox = createMailboxMailer({ directory, clock });
});

afterEach(async () => {
  await rm(join(directory, '..'), { recursive: true, force: true });
});

describe('mailbox mailer', () => {
  it('writes every message as a real .eml file named by time and lists them newest first', async () => {
    const first = await mailbox.send(email('Första'));
    clock.advance(60_000);
    const second = await mailbox.send(email('Andra'));
    // Same instant: still ordered by sending order.
    const third = await mailbox.send(email('Tredje'));

    const files = (await readdir(directory)).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toEqual([`${first.messageId}.eml`, `${second.messageId}.eml`, `${third.messageId}.eml`]);
    expect(first.messageId).toMatch(/^20261125T090000000Z-[0-9a-f]{12}$/);

    const eml = await readFile(join(directory, files[0]), 'utf8');
    expect(eml).toContain('From: Orchestra System <no-reply@orkester.example>\r\n');
    expect(eml).toContain('To: musiker@example.com\r\n');
    expect(eml).toMatch(/^Subject: =\?UTF-8\?Q\?F=C3=B6rsta\?=\r$/m);
    expect(eml).toContain('Date: Wed, 25 Nov 2026 09:00:00 +0000\r\n');
    expect(eml).toMatch(/^Message-ID: <[^>]+@orkester\.example>\r$/m);

    const list = await mailbox.list();
    expect(list.map((m) => m.subject)).toEqual(['Tredje', 'Andra', 'Första']);
    expect(list[2]).toEqual({
      id: first.messageId,
      date: '2026-11-25T09:00:00.000Z',
      from,
      to: ['musiker@example.com'],
      subject: 'Första',
      attachmentCount: 0,
    });
  });

  it('reads a message back with its bodies, attachments and raw bytes', async () => {
    const pdf = Buffer.from('%PDF-1.4 stämma\n');
    const { messageId: id } = await mailbox.send(
      email('Noter', {
        html: '<p>Hej!</p>',
        replyTo: 'kansli@orkester.example',
        attachments: [{ filename: 'Stämma ö.pdf', contentType: 'application/pdf', content: pdf }],
        headers: { 'X-Orchestra-Outbox-Id': 'abc' },
      }),
    );

    const message = await mailbox.read(id);
    expect(message).toMatchObject({
      id,
      subject: 'Noter',
      replyTo: 'kansli@orkester.example',
      text: `Hej!\nSvara här: ${respondUrl}.\n`,
      html: '<p>Hej!</p>',
      headers: { 'X-Orchestra-Outbox-Id': 'abc' },
      attachments: [{ filename: 'Stämma ö.pdf', contentType: 'application/pdf', size: pdf.length }],
      attachmentCount: 1,
    });
    const attachment = await mailbox.readAttachment(id, 0);
    expect(attachment?.content.equals(pdf)).toBe(true);
    expect(await mailbox.readAttachment(id, 1)).toBeNull();
    expect((await mailbox.readRaw(id))?.toString()).toContain(pdf.toString('base64'));

    expect(await mailbox.read('20261125T090000000Z-000000000000')).toBeNull();
    expect(await mailbox.read('../../etc/passwd')).toBeNull();
    expect(await mailbox.readRaw('../x')).toBeNull();
  });

  it('lists nothing before the first message', async () => {
    expect(await mailbox.list()).toEqual([]);
  });
});

describe('mailbox page', () => {
  it('escapes HTML in subjects and addresses and links each message', () => {
    const html = renderMailboxIndex([
      { id: '20261125T090000000Z-aaaaaaaaaaaa', date: '2026-11-25T09:00:00.000Z', from, to: ['a@example.com'], subject: 'Äldre', attachmentCount: 0 },
      {
        id: '20261125T100000000Z-bbbbbbbbbbbb',
        date: '2026-11-25T10:00:00.000Z',
        from,
        to: ['"Eve" <eve@example.com>'],
        subject: '<script>alert(1)</script> & mer',
        attachmentCount: 2,
      },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer');
    expect(html).toContain('&quot;Eve&quot; &lt;eve@example.com&gt;');
    expect(html).toContain('href="/_mail/20261125T100000000Z-bbbbbbbbbbbb"');
    // newest first
    expect(html.indexOf('bbbbbbbbbbbb')).toBeLessThan(html.indexOf('aaaaaaaaaaaa'));
  });

  it('shows the html body in a sandboxed srcdoc frame, clickable text links, attachments and the .eml link', () => {
    const page = renderMailboxMessage({
      id: '20261125T090000000Z-aaaaaaaaaaaa',
      date: '2026-11-25T09:00:00.000Z',
      from,
      to: ['musiker@example.com'],
      subject: 'Svara <nu>',
      messageId: '<x@orkester.example>',
      headers: {},
      text: `Svara här: ${respondUrl}.\n<b>inte fet</b>`,
      html: `<p>Hej "du"</p><a href="${respondUrl}">Svara</a><script>alert(1)</script>`,
      attachmentCount: 1,
      attachments: [{ filename: 'a<b>.pdf', contentType: 'application/pdf', size: 2048 }],
    });
    expect(page).toContain('<h1>Svara &lt;nu&gt;</h1>');
    expect(page).toContain(
      'sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="&lt;base target=&quot;_top&quot;&gt;&lt;p&gt;Hej &quot;du&quot;&lt;/p&gt;',
    );
    expect(page).not.toContain('<script>');
    const escapedUrl = respondUrl.replace(/&/g, '&amp;');
    expect(page).toContain(`<a href="${escapedUrl}" rel="noopener noreferrer">${escapedUrl}</a>.`);
    expect(page).toContain('&lt;b&gt;inte fet&lt;/b&gt;');
    expect(page).toContain('href="/_mail/20261125T090000000Z-aaaaaaaaaaaa/attachments/0"');
    expect(page).toContain('a&lt;b&gt;.pdf');
    expect(page).toContain('href="/_mail/20261125T090000000Z-aaaaaaaaaaaa.eml"');
    expect(page).toContain('name="viewport"');
  });

  it('linkify leaves trailing punctuation outside the link', () => {
    expect(linkify('(se https://a.example/x).')).toBe('(se <a href="https://a.example/x" rel="noopener noreferrer">https://a.example/x</a>).');
    expect(linkify('ingen länk')).toBe('ingen länk');
  });
});

describe('handleMailboxRequest', () => {
  it('serves the index, a message, its .eml and its attachments, and 404 for unknown ids', async () => {
    const pdf = Buffer.from('%PDF-1.4 x');
    const { messageId: id } = await mailbox.send(
      email('Hej & välkommen', { attachments: [{ filename: 'Noter ö.pdf', contentType: 'application/pdf', content: pdf }] }),
    );

    const index = await handleMailboxRequest(mailbox, 'GET', '/_mail');
    expect(index?.status).toBe(200);
    expect(index?.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(index?.body).toContain(`href="/_mail/${id}"`);
    expect(index?.body).toContain('Hej &amp; välkommen');
    expect((await handleMailboxRequest(mailbox, 'GET', '/_mail/?x=1'))?.status).toBe(200);

    const message = await handleMailboxRequest(mailbox, 'GET', `/_mail/${id}`);
    expect(message?.status).toBe(200);
    expect(message?.body).toContain('<h1>Hej &amp; välkommen</h1>');

    const eml = await handleMailboxRequest(mailbox, 'GET', `/_mail/${id}.eml`);
    expect(eml?.status).toBe(200);
    expect(eml?.headers['Content-Type']).toBe('message/rfc822');
    expect(Buffer.isBuffer(eml?.body) && eml.body.equals((await mailbox.readRaw(id))!)).toBe(true);

    const file = await handleMailboxRequest(mailbox, 'GET', `/_mail/${id}/attachments/0`);
    expect(file?.status).toBe(200);
    expect(file?.headers['Content-Type']).toBe('application/pdf');
    expect(file?.headers['Content-Disposition']).toBe(`attachment; filename="Noter _.pdf"; filename*=UTF-8''Noter%20%C3%B6.pdf`);
    expect(Buffer.isBuffer(file?.body) && file.body.equals(pdf)).toBe(true);

    for (const path of [
      '/_mail/20991231T000000000Z-000000000000',
      '/_mail/nope.eml',
      `/_mail/${id}/attachments/1`,
      `/_mail/${id}/other`,
      '/_mail/..%2F..%2Fetc%2Fpasswd',
      '/_mail/%E0%A4%A',
    ]) {
      expect((await handleMailboxRequest(mailbox, 'GET', path))?.status, path).toBe(404);
    }
    expect((await handleMailboxRequest(mailbox, 'POST', '/_mail'))?.status).toBe(405);
    expect(await handleMailboxRequest(mailbox, 'GET', '/api/health')).toBeNull();
    expect(await handleMailboxRequest(mailbox, 'GET', '/_mailbox')).toBeNull();
  });
});
