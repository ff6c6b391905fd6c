import { randomBytes, randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { localAccount, localRegion, type InvocationResult } from '../contracts';
import type { LambdaPermission } from './lambda-permissions';
import { assertServiceMayInvoke, type InvokeFunction, type TemplateResource } from './service-invocation';

export interface SnsMessage {
  message: string;
  subject?: string;
  /** String attributes (`{ Type: 'String', Value }` in the event). */
  attributes?: Record<string, string>;
}

export interface SnsDelivery {
  subscriptionArn: string;
  functionArn: string;
  event: SNSEvent;
  result: InvocationResult;
}

export interface PublishOptions {
  lambdaPermissions?: readonly LambdaPermission[];
  at?: Date;
}

/** A stable subscription ARN per subscription resource, as SNS gives each subscription its own id. */
function subscriptionArn(topicArn: string, subscription: TemplateResource): string {
  if (subscription.ref?.startsWith(`${topicArn}:`)) return subscription.ref;
  const seed = `${subscription.stack ?? ''}/${subscription.logicalId ?? subscription.properties.Endpoint}`;
  const hex = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${topicArn}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One Publish to a topic: every AWS::SNS::Subscription of the topic with protocol `lambda` receives the SNS
 * event, one record per message. Filter policies and raw delivery do not apply to Lambda subscribers here and
 * are refused rather than ignored.
 */
export async function publishSns(
  topicArn: string,
  message: string | SnsMessage,
  subscriptions: readonly TemplateResource[],
  invoke: InvokeFunction,
  options: PublishOptions = {},
): Promise<SnsDelivery[]> {
  const { message: body, subject, attributes } = typeof message === 'string' ? { message, subject: undefined, attributes: undefined } : message;
  const messageId = randomUUID();
  const timestamp = (options.at ?? new Date()).toISOString();
  const deliveries: SnsDelivery[] = [];
  for (const subscription of subscriptions) {
    const p = subscription.properties;
    if (p.TopicArn !== topicArn) continue;
    if (p.Protocol !== 'lambda') throw new Error(`subscription ${subscription.logicalId}: protocol ${p.Protocol} is not emulated`);
    if (p.FilterPolicy || p.RawMessageDelivery) throw new Error(`subscription ${subscription.logicalId}: filter policies and raw delivery are not emulated`);
    const functionArn = p.Endpoint as string;
    assertServiceMayInvoke(options.lambdaPermissions, { functionArn, principal: 'sns.amazonaws.com', sourceArn: topicArn, sourceAccount: localAccount });
    const subArn = subscriptionArn(topicArn, subscription);
    const event: SNSEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subArn,
          Sns: {
            Type: 'Notification',
            MessageId: messageId,
            TopicArn: topicArn,
            // SNS sends a null Subject when the publisher gave none.
            Subject: (subject ?? null) as string,
            Message: body,
            Timestamp: timestamp,
            SignatureVersion: '1',
            Signature: randomBytes(256).toString('base64'),
            SigningCertUrl: `https://sns.${localRegion}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`,
            UnsubscribeUrl: `https://sns.${localRegion}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subArn}`,
            MessageAttributes: Object.fromEntries(Object.entries(attributes ?? {}).map(([name, value]) => [name, { Type: 'String', Value: value }])),
          },
        },
      ],
    };
    deliveries.push({ subscriptionArn: subArn, functionArn, event, result: await invoke(functionArn, event) });
  }
  return deliveries;
}
