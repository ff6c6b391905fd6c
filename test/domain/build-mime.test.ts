import { describe, expect, it } from 'vitest';
import { buildMime } from '../../shared/mail/build-mime';
import type { OutgoingEmail } from '../../shared/ports/mailer';

const email: OutgoingEmail = {
  from: 'Orchestra System <no-reply@orkester.example>',
  to: ['asa@example.com'],
  replyTo: 'Kansliet <kansli@orkester.example>',
  subject: 'Förfrågan: Violin 1 – Höstkonsert på Årsta',
  text: 'Hej Åsa!\nSvara här: https://demo.orkester.example/respond/abc\n',
  html: '<p>Hej Åsa! <a href="https://demo.orkester.example/respond/abc">Svara</a></p>',
  attachments: [{ filename: 'Noter för Ölands-sviten.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 noter\n') }],
  headers: { 'X-Orchestra-Outbox-Id': '7b0c2f8e-0000-4000-8000-000000000001' },
};

/** Unfolds headers and splits the header block from the body. */
function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(end + 4) };
}

function boundaryOf(contentType: string): string {
  const match = /boundary="?([^";]+)"?/.exec(contentType);
  if (!match) throw new Error(`no boundary in ${contentType}`);
  return match[1];
}

function parts(body: string, boundary: string): string[] {
  const sections = body.split(`--${boundary}`);
  expect(sections[sections.length - 1].startsWith('--')).toBe(true); // closing delimiter present
  return sections.slice(1, -1).map((s) => s.replace(/^\r\n/, '').replace(/\r\n$/, ''));
}

/** RFC 2047 encoded-words back to text (B and Q), as a mail client would. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function decodeQuotedPrintable(value: string): string {
  const bytes = value.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('buildMime', () => {
  it('writes ASCII-only headers with the UTF-8 subject encoded, plus Message-ID and Date', async () => {
    const date = new Date('2026-11-25T09:30:00Z');
    const { raw, messageId } = await buildMime(email, { date });
    const text = raw.toString('utf8');
    const { headers } = splitMessage(text);

    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    expect(decodeWords(headers.get('subject')!)).toBe(email.subject);
    expect(headers.get('from')).toBe('Orchestra System <no-reply@orkester.example>');
    expect(headers.get('to')).toBe('asa@example.com');
    expect(headers.get('reply-to')).toBe('Kansliet <kansli@orkester.example>');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('date')).toBe('Wed, 25 Nov 2026 09:30:00 +0000');
    expect(headers.get('message-id')).toBe(messageId);
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@orkester\.example>$/);
    expect(headers.get('x-orchestra-outbox-id')).toBe(email.headers!['X-Orchestra-Outbox-Id']);
    // CRLF everywhere: no bare LF.
    expect(/[^\r]\n/.test(text)).toBe(false);
  });

  it('nests text and html alternatives and a base64 attachment in multipart/mixed', async () => {
    const { raw } = await buildMime(email);
    const { headers, body } = splitMessage(raw.toString('utf8'));
    expect(headers.get('content-type')).toMatch(/^multipart\/mixed;/);

    const [alternative, attachment, ...rest] = parts(body, boundaryOf(headers.get('content-type')!));
    expect(rest).toHaveLength(0);

    const alt = splitMessage(alternative);
    expect(alt.headers.get('content-type')).toMatch(/^multipart\/alternative;/);
    const [plain, html] = parts(alt.body, boundaryOf(alt.headers.get('content-type')!)).map(splitMessage);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(decodeQuotedPrintable(plain.body)).toBe(email.text.replace(/\n/g, '\r\n'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(decodeQuotedPrintable(html.body)).toBe(email.html);

    const file = splitMessage(attachment);
    expect(file.headers.get('content-type')).toMatch(/^application\/pdf;/);
    expect(file.headers.get('content-transfer-encoding')).toBe('base64');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('Noter för Ölands-sviten.pdf'));
    expect(decodeWords(/name="([^"]+)"/.exec(file.headers.get('content-type')!)![1])).toBe('Noter för Ölands-sviten.pdf');
    expect(file.body).toMatch(/^[A-Za-z0-9+/=\r\n]+$/);
    expect(Buffer.from(file.body, 'base64').equals(email.attachments![0].content)).toBe(true);
  });

  it('sends a text-only message as a single text/plain part', async () => {
    const { raw } = await buildMime({ from: 'a@b.example', to: ['c@d.example'], subject: 'Hej', text: 'Bara text' });
    const { headers, body } = splitMessage(raw.toString('utf8'));
    expect(headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(body.trim()).toBe('Bara text');
  });

  it('keeps a given Message-ID', async () => {
    const { raw, messageId } = await buildMime(email, { messageId: '<fixed-1@orkester.example>' });
    expect(messageId).toBe('<fixed-1@orkester.example>');
    expect(raw.toString()).toContain('Message-ID: <fixed-1@orkester.example>\r\n');
  });
});
