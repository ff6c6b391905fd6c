/** Mail delivery. Messages are written to an outbox table first; a Mailer only delivers. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingEmail {
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
  /** Extra headers, e.g. X-Orchestra-Outbox-Id for tracing a message back to its outbox row. */
  headers?: Record<string, string>;
  /**
   * Provider tags (SES message tags, returned with bounce and complaint events), e.g. the orchestra and the
   * outbox row, so feedback finds its way back. Names and values: letters, digits, `_`, `-`, at most 256 chars.
   */
  tags?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** A delivery failure; `transient` says whether trying again later may succeed (throttling, 5xx). */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}
