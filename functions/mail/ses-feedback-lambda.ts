import type { SNSEvent } from 'aws-lambda';
import { recordDeliveryFeedback } from '../../shared/app/mail/record-delivery-feedback';
import { parseSesFeedback } from '../../shared/domain/ses-feedback';
import { awsEventRuntime } from '../../shared/runtime/aws-runtime';
import { findOrchestraById } from '../../shared/tenancy/orchestra-registry';

/**
 * SES bounce and complaint events (configuration set → SNS → here). The orchestra comes from the message
 * tag the outbox sent, and its database is reached through the tenant role tagged with that orchestra.
 */
export const handler = async (event: SNSEvent) => {
  const runtime = await awsEventRuntime();
  for (const record of event.Records) {
    const feedback = parseSesFeedback(record.Sns.Message);
    if (!feedback) continue;
    if (!feedback.orchestraId) {
      // Control-database mail (password resets, invitations) concerns accounts, not musicians.
      console.log(JSON.stringify({ message: 'delivery feedback without orchestra', kind: feedback.kind, recipients: feedback.recipients.length }));
      continue;
    }
    const orchestra = await findOrchestraById(runtime.control, feedback.orchestraId);
    if (!orchestra) {
      console.warn(JSON.stringify({ message: 'delivery feedback for an unknown orchestra', orchestraId: feedback.orchestraId }));
      continue;
    }
    const result = await recordDeliveryFeedback(await runtime.orchestraDatabase(orchestra), feedback, runtime.clock.now());
    console.log(JSON.stringify({ message: 'delivery feedback recorded', orchestraId: orchestra.id, kind: feedback.kind, ...result }));
  }
};
