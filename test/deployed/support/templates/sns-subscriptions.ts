import type { DeployedTemplates } from '../contracts.js';

/** Where SNS delivers a topic's messages. */
export interface SnsSubscription {
  stack: string;
  /** The AWS::SNS::Subscription, or the topic when the subscription is inline in its Subscription list. */
  logicalId: string;
  topicArn: string;
  /** lambda, sqs, https, email, … */
  protocol: string;
  /** A function ARN for `lambda`, a queue ARN for `sqs`, a URL, an address. */
  endpoint: string;
  filterPolicy?: Record<string, unknown>;
  filterPolicyScope?: string;
  rawMessageDelivery: boolean;
  redrivePolicy?: Record<string, unknown>;
}

export function snsSubscriptions(templates: DeployedTemplates): SnsSubscription[] {
  const standalone = templates.resourcesOfType('AWS::SNS::Subscription').map((subscription) => {
    const properties = subscription.properties;
    return {
      stack: subscription.stack,
      logicalId: subscription.logicalId,
      topicArn: String(properties.TopicArn),
      protocol: String(properties.Protocol),
      endpoint: String(properties.Endpoint ?? ''),
      ...(properties.FilterPolicy ? { filterPolicy: properties.FilterPolicy } : {}),
      ...(properties.FilterPolicyScope ? { filterPolicyScope: String(properties.FilterPolicyScope) } : {}),
      rawMessageDelivery: properties.RawMessageDelivery === true || properties.RawMessageDelivery === 'true',
      ...(properties.RedrivePolicy ? { redrivePolicy: properties.RedrivePolicy } : {}),
    };
  });
  const inline = templates.resourcesOfType('AWS::SNS::Topic').flatMap((topic) =>
    ((topic.properties.Subscription ?? []) as { Protocol: string; Endpoint: string }[]).map((subscription) => ({
      stack: topic.stack,
      logicalId: topic.logicalId,
      topicArn: topic.ref,
      protocol: String(subscription.Protocol),
      endpoint: String(subscription.Endpoint),
      rawMessageDelivery: false,
    })),
  );
  return [...standalone, ...inline];
}
