import { alphabets } from '../deterministic-tokens.js';
import { nameRules } from '../physical-names.js';
import { once, stringProperty, type ResourceModelFactory } from './resource-model.js';

/** SNS, SQS, SES. */
export const messagingModels: Record<string, ResourceModelFactory> = {
  'AWS::SNS::Topic': (r) => {
    const name = once(() => {
      const topic = r.nameOr('TopicName', nameRules.upper(251));
      return r.property('FifoTopic') === true && !topic.endsWith('.fifo') ? `${topic}.fifo` : topic;
    });
    const arn = once(() => r.arn('sns', name()));
    return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  'AWS::SNS::Subscription': (r) => {
    const arn = once(() => `${stringProperty(r, 'TopicArn') ?? r.arn('sns', r.logicalId)}:${r.uuid('subscription')}`);
    return { ref: arn, attributes: { Arn: arn } };
  },
  'AWS::SNS::TopicPolicy': (r) => {
    const id = once(() => `${r.stack}-${r.logicalId}-${r.token('id', 12, alphabets.upperAlnum)}`);
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::SQS::Queue': (r) => {
    const name = once(() => {
      const queue = r.nameOr('QueueName', nameRules.mixed(75));
      return r.property('FifoQueue') === true && !queue.endsWith('.fifo') ? `${queue}.fifo` : queue;
    });
    const url = once(() => `https://sqs.${r.region}.${r.urlSuffix}/${r.account}/${name()}`);
    return { ref: url, attributes: { Arn: () => r.arn('sqs', name()), QueueName: name, QueueUrl: url } };
  },
  'AWS::SQS::QueuePolicy': (r) => {
    const id = once(() => `${r.stack}-${r.logicalId}-${r.token('id', 12, alphabets.upperAlnum)}`);
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::SES::ConfigurationSet': (r) => ({ ref: once(() => r.nameOr('Name', nameRules.logicalOnly(64))), attributes: {} }),
  'AWS::SES::ConfigurationSetEventDestination': (r) => {
    const id = once(() => r.token('destination', 12, alphabets.lowerAlnum));
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::SES::EmailIdentity': (r) => {
    const tokens = [1, 2, 3].map((n) => once(() => r.token(`dkim-${n}`, 32, alphabets.lowerAlnum)));
    const identity = () => stringProperty(r, 'EmailIdentity') ?? r.logicalId;
    const attributes: Record<string, () => string> = {};
    tokens.forEach((token, index) => {
      attributes[`DkimDNSTokenName${index + 1}`] = () => `${token()}._domainkey.${identity()}`;
      attributes[`DkimDNSTokenValue${index + 1}`] = () => `${token()}.dkim.amazonses.com`;
    });
    return { ref: identity, attributes };
  },
  'AWS::SES::Template': (r) => ({ ref: () => r.logicalId, attributes: {} }),
};
