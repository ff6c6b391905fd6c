import { randomUUID } from 'node:crypto';
import { localAccount, localRegion } from '../contracts';
import type { SesReceivedMessage } from './ses-received-message';

/**
 * The JSON that SES event publishing (configuration set → SNS event destination) puts in the SNS
 * notification's `Message` for a bounce or a complaint: `eventType`, not the identity notifications'
 * `notificationType`, and `mail.tags` holding the message tags plus SES's own `ses:*` tags, each as a list.
 * The product's parser (shared/domain/ses-feedback.ts) reads this form.
 */
export interface BounceOptions {
  bounceType?: 'Permanent' | 'Transient' | 'Undetermined';
  bounceSubType?: string;
  diagnosticCode?: string;
  at?: Date;
}

export function bounceEventFor(message: SesReceivedMessage, recipient: string, options: BounceOptions = {}) {
  const at = options.at ?? new Date();
  const bounceType = options.bounceType ?? 'Permanent';
  return {
    eventType: 'Bounce',
    bounce: {
      feedbackId: feedbackId(at),
      bounceType,
      bounceSubType: options.bounceSubType ?? 'General',
      bouncedRecipients: [
        {
          emailAddress: recipientOf(message, recipient),
          action: 'failed',
          status: bounceType === 'Permanent' ? '5.1.1' : '4.4.7',
          diagnosticCode: options.diagnosticCode ?? 'smtp; 550 5.1.1 user unknown',
        },
      ],
      timestamp: at.toISOString(),
      reportingMTA: `dsn; e226-55.smtp-out.${localRegion}.amazonses.com`,
    },
    mail: mailOf(message),
  };
}

export function complaintEventFor(message: SesReceivedMessage, recipient: string, options: { feedbackType?: string; at?: Date } = {}) {
  const at = options.at ?? new Date();
  return {
    eventType: 'Complaint',
    complaint: {
      feedbackId: feedbackId(at),
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: recipientOf(message, recipient) }],
      timestamp: at.toISOString(),
      userAgent: 'Mozilla/5.0',
      complaintFeedbackType: options.feedbackType ?? 'abuse',
      arrivalDate: at.toISOString(),
    },
    mail: mailOf(message),
  };
}

function recipientOf(message: SesReceivedMessage, recipient: string): string {
  if (!message.destinations.some((d) => d.toLowerCase() === recipient.toLowerCase())) {
    throw new Error(`${recipient} is not a recipient of message ${message.messageId} (${message.destinations.join(', ')})`);
  }
  // Events publish only with a configuration set; mail without one produces none, which the product must not rely on.
  if (!message.configurationSet) throw new Error(`message ${message.messageId} was sent without a configuration set: SES publishes no event for it`);
  return recipient;
}

function mailOf(message: SesReceivedMessage) {
  const customTags = Object.fromEntries(Object.entries(message.tags).map(([name, value]) => [name, [value]]));
  const fromDomain = message.fromAddress.split('@')[1] ?? '';
  return {
    timestamp: message.acceptedAt.toISOString(),
    source: message.from,
    sourceArn: `arn:aws:ses:${localRegion}:${localAccount}:identity/${message.identity}`,
    sendingAccountId: localAccount,
    messageId: message.messageId,
    destination: message.destinations,
    headersTruncated: false,
    headers: Object.entries(message.headers).map(([name, value]) => ({ name, value })),
    commonHeaders: {
      from: [message.from],
      to: message.to,
      messageId: message.headers['message-id'] ?? message.messageId,
      subject: message.subject,
    },
    tags: {
      'ses:operation': ['SendRawEmail'],
      'ses:configuration-set': [message.configurationSet!],
      'ses:source-ip': ['127.0.0.1'],
      'ses:from-domain': [fromDomain],
      'ses:caller-identity': [message.sentBy.roleArn.split('/').pop() ?? message.sentBy.roleArn],
      ...customTags,
    },
  };
}

function feedbackId(at: Date): string {
  return `0100${at.getTime().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}
