import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { mailAddress, type StageConfig } from '../stage-config';
import type { DataStack } from '../stacks/data-stack';
import { ApiFunction } from './api-function';
import { functionEnvironment } from '../stacks/function-settings';

/**
 * Sending identity and the way back: a configuration set every message goes out through, whose bounce and
 * complaint events reach a function over SNS; the function marks the musician's address as failing in
 * the orchestra named by the message's tag.
 */
export class MailFeedback extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;
  readonly fn: ApiFunction;

  constructor(scope: Construct, id: string, props: { config: StageConfig; data: DataStack }) {
    super(scope, id);
    const { config, data } = props;
    const configurationSetName = config.sesConfigurationSet ?? `orchestra-system-${config.stage}`;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { configurationSetName });
    new ses.EmailIdentity(this, 'Identity', {
      // A domain identity needs its DKIM records published (docs/operations.md); an address is verified by email.
      identity: config.domainName ? ses.Identity.domain(config.domainName) : ses.Identity.email(mailAddress(config.mailFrom)),
      configurationSet: this.configurationSet,
    });

    const key = new kms.Key(this, 'TopicKey', {
      description: `Orchestra System ${config.stage}: encrypts SES feedback`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('ses.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Topic', { topicName: `orchestra-system-${config.stage}-ses-feedback`, masterKey: key, enforceSSL: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.fn = new ApiFunction(this, 'Function', {
      entry: 'functions/mail/ses-feedback-lambda.ts',
      description: `Orchestra System ${config.stage}: marks bounced and complained addresses as failing`,
      environment: functionEnvironment(config),
      logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
      .useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
      .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix)
      .useSessionKey(data.sessionKeySecret);
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.fn.function));
  }
}
