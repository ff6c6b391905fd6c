/**
 * SES event publishing (configuration set → SNS) tells of bounces and complaints. Only what matters to an
 * orchestra is kept: a permanent bounce or a complaint means the address should not be relied on.
 */
export interface DeliveryFeedback {
  kind: 'bounce' | 'complaint';
  recipients: string[];
  /** From the message tags we sent (absent for mail not sent by an orchestra's outbox). */
  orchestraId?: string;
  outboxId?: string;
  detail: string;
}

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[]; complaintFeedbackType?: string };
  mail?: { tags?: Record<string, string[] | undefined> };
}

/** Returns null for events that need no action (deliveries, transient bounces, anything unknown). */
export function parseSesFeedback(message: string): DeliveryFeedback | null {
  let event: SesEvent;
  try {
    event = JSON.parse(message) as SesEvent;
  } catch {
    return null;
  }
  const type = event.eventType ?? event.notificationType;
  const tag = (name: string) => event.mail?.tags?.[name]?.[0];
  const addresses = (list: { emailAddress?: string }[] | undefined) =>
    (list ?? []).map((r) => r.emailAddress?.trim().toLowerCase()).filter((a): a is string => Boolean(a));
  const base = { orchestraId: tag('orchestra_id'), outboxId: tag('outbox_id') };

  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    const first = event.bounce.bouncedRecipients?.[0];
    const detail = [`bounced (${event.bounce.bounceSubType ?? 'General'})`, first?.diagnosticCode].filter(Boolean).join(': ');
    return { kind: 'bounce', recipients: addresses(event.bounce.bouncedRecipients), detail, ...base };
  }
  if (type === 'Complaint') {
    const detail = `marked as spam by the recipient${event.complaint?.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}`;
    return { kind: 'complaint', recipients: addresses(event.complaint?.complainedRecipients), detail, ...base };
  }
  return null;
}
