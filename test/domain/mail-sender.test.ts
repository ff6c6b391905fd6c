import { describe, expect, it } from 'vitest';
import { mailboxAddress, mailboxWithName, orchestraSender } from '../../shared/domain/mail-sender';

describe('mail sender', () => {
  it("reads the deployment's address whether MAIL_FROM names it or not", () => {
    expect(mailboxAddress('Orchestra System <no-reply@orchestras.example.org>')).toBe('no-reply@orchestras.example.org');
    expect(mailboxAddress(' no-reply@orchestras.example.org ')).toBe('no-reply@orchestras.example.org');
  });

  it('quotes the display name, escapes quotes and backslashes, and keeps it on one line', () => {
    expect(mailboxWithName('Kansliet på "Filharmonin"', 'a@b.se')).toBe('"Kansliet på \\"Filharmonin\\"" <a@b.se>');
    expect(mailboxWithName('Back\\slash', 'a@b.se')).toBe('"Back\\\\slash" <a@b.se>');
    expect(mailboxWithName('Kansliet\r\nBcc: x@y.se', 'a@b.se')).toBe('"Kansliet Bcc: x@y.se" <a@b.se>');
    expect(mailboxWithName('  ', 'a@b.se')).toBe('a@b.se');
  });

  it("puts the orchestra's sender name, else its name, on the deployment's address", () => {
    const from = 'Orchestra System <no-reply@orchestras.example.org>';
    expect(orchestraSender(from, { senderName: 'Kansliet', orchestraName: 'Filharmonin' })).toBe('"Kansliet" <no-reply@orchestras.example.org>');
    expect(orchestraSender(from, { senderName: ' ', orchestraName: 'Filharmonin' })).toBe('"Filharmonin" <no-reply@orchestras.example.org>');
  });
});
