import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from '../ports/mailer';

export interface BuiltMime {
  /** The whole RFC 5322 message, CRLF line endings, ready for SES SendRawEmail or a `.eml` file. */
  raw: Buffer;
  /** The Message-ID header value, angle brackets included. */
  messageId: string;
}

export interface BuildMimeOptions {
  /** Date header; the current time when not given. */
  date?: Date;
  /** Message-ID header value (`<local@domain>`); a random one in the sender's domain when not given. */
  messageId?: string;
}

/**
 * Builds the raw MIME message for an email: text and html as multipart/alternative, attachments in
 * multipart/mixed, non-ASCII headers and filenames encoded (RFC 2047/2231) so Swedish names survive.
 */
export async function buildMime(email: OutgoingEmail, options: BuildMimeOptions = {}): Promise<BuiltMime> {
  const messageId = options.messageId ?? `<${randomUUID()}@${senderDomain(email.from)}>`;
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: (email.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      contentTransferEncoding: 'base64',
    })),
    headers: email.headers,
    messageId,
    date: options.date ?? new Date(),
    // RFC 5322 wants CRLF; text bodies written with \n are normalised too.
    newline: 'win',
    // Content never points at files or URLs; refuse them so a stray path can never leak a local file.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}

function senderDomain(from: string): string {
  const match = /@([^\s<>@]+?)>?\s*$/.exec(from);
  return match ? match[1] : 'localhost';
}
