import { createRequire } from 'node:module';
import type { Principal } from '../contracts';

/** One message SES accepted, parsed back from its raw MIME the way a recipient's mailbox would show it. */
export interface SesReceivedMessage {
  /** As SES returns it from SendRawEmail (and names it in bounce and complaint events). */
  messageId: string;
  acceptedAt: Date;
  /** The From header as written (`Orchestra System <no-reply@orchestra.test>`). */
  from: string;
  /** The bare sender address (`ses:FromAddress`). */
  fromAddress: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  /** Where SES delivers: the Destinations parameter, else every To/Cc/Bcc address of the raw message. */
  destinations: string[];
  subject: string;
  text: string;
  html?: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** SES message tags (Tags parameter). */
  tags: Record<string, string>;
  /** The configuration set the message went through: the parameter, else the identity's default. */
  configurationSet?: string;
  /** The identity SES sent as (an address or a domain). */
  identity: string;
  sentBy: Principal;
  raw: Buffer;
}

interface ParsedAddress {
  value: { address?: string; name?: string }[];
  text: string;
}
interface ParsedMail {
  from?: ParsedAddress;
  to?: ParsedAddress | ParsedAddress[];
  cc?: ParsedAddress | ParsedAddress[];
  bcc?: ParsedAddress | ParsedAddress[];
  replyTo?: ParsedAddress;
  subject?: string;
  text?: string;
  html?: string | false;
  headerLines: { key: string; line: string }[];
  attachments: { filename?: string; contentType: string; content: Buffer }[];
}

// mailparser ships no types; only simpleParser is used, typed by what is read of it above.
const { simpleParser } = createRequire(import.meta.url)('mailparser') as { simpleParser: (raw: Buffer) => Promise<ParsedMail> };

export type ParsedRawMessage = Omit<SesReceivedMessage, 'messageId' | 'acceptedAt' | 'destinations' | 'tags' | 'configurationSet' | 'identity' | 'sentBy'> & {
  allRecipients: string[];
  fromDisplayName?: string;
};

export async function parseRawMessage(raw: Buffer): Promise<ParsedRawMessage> {
  const mail = await simpleParser(raw);
  const list = (field: ParsedAddress | ParsedAddress[] | undefined) => (field === undefined ? [] : Array.isArray(field) ? field : [field]);
  const addresses = (field: ParsedAddress | ParsedAddress[] | undefined) =>
    list(field).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) headers[key] = line.slice(line.indexOf(':') + 1).trim();
  const sender = mail.from?.value[0];
  return {
    from: mail.from?.text ?? '',
    fromAddress: sender?.address ?? '',
    fromDisplayName: sender?.name || undefined,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: mail.replyTo?.text,
    allRecipients: [...addresses(mail.to), ...addresses(mail.cc), ...addresses(mail.bcc)],
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: mail.html || undefined,
    headers,
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
    raw,
  };
}
