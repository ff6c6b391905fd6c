import { describe, expect, it } from 'vitest';
import { parseSesFeedback } from '../../shared/domain/ses-feedback';

const mail = { messageId: 'm-1', tags: { orchestra_id: ['o-1'], outbox_id: ['x-1'], 'ses:configuration-set': ['orchestra-system-prod'] } };

describe('SES feedback', () => {
  it('keeps permanent bounces with the recipients, the orchestra and the outbox message', () => {
    const event = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedRecipients: [{ emailAddress: 'Anna@Example.org', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
      mail,
    };
    expect(parseSesFeedback(JSON.stringify(event))).toEqual({
      kind: 'bounce',
      recipients: ['anna@example.org'],
      orchestraId: 'o-1',
      outboxId: 'x-1',
      detail: 'bounced (NoEmail): smtp; 550 5.1.1 user unknown',
    });
  });

  it('keeps complaints', () => {
    const event = { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'b@example.org' }], complaintFeedbackType: 'abuse' }, mail };
    expect(parseSesFeedback(JSON.stringify(event))).toMatchObject({ kind: 'complaint', recipients: ['b@example.org'], detail: 'marked as spam by the recipient (abuse)' });
  });

  it('ignores transient bounces, deliveries and anything that is not an SES event', () => {
    expect(parseSesFeedback(JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [] }, mail }))).toBeNull();
    expect(parseSesFeedback(JSON.stringify({ eventType: 'Delivery', mail }))).toBeNull();
    expect(parseSesFeedback('not json')).toBeNull();
  });
});
