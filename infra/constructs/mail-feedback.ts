import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { mailAddress, type StageConfig } from '../stage-config';
import type { DataStack } from '../stacks/data-stack';
import { tenantRoleUserRoleName } from './tenant-role';
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
  /** Feedback events the function failed on after Lambda's retries (alarmed in the monitoring stack). */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: { config: StageConfig; data: DataStack }) {
    super(scope, id);
    const { config, data } = props;
    const configurationSetName = config.sesConfigurationSet ?? `orchestra-system-${config.stage}`;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { configurationSetName });
    const identity = new ses.EmailIdentity(this, 'Identity', {
      // A domain identity needs its DKIM records published (docs/operations.md); an address is verified by email.
      identity: config.domainName ? ses.Identity.domain(config.domainName) : ses.Identity.email(mailAddress(config.mailFrom)),
      configurationSet: this.configurationSet,
    });
    if (config.domainName && config.hostedZoneId) {
      // With the zone in Route 53 the stack publishes the Easy DKIM records itself, so SES verifies the domain
      // minutes after the deploy and the first emails (the superadmin's invitation) go out without a hand step.
      identity.dkimRecords.forEach((record, i) => {
        new route53.CfnRecordSet(this, `DkimRecord${i + 1}`, {
          hostedZoneId: config.hostedZoneId!,
          name: record.name,
          type: 'CNAME',
          resourceRecords: [record.value],
          ttl: '1800',
        });
      });
    }

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
      roleName: tenantRoleUserRoleName(config.stage, 'mail-feedback'),
      description: `Orchestra System ${config.stage}: marks bounced and complained addresses as failing`,
      environment: functionEnvironment(config),
      logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
      .useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
      .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix);
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.fn.function));

    // SNS invokes the function asynchronously; an event it still fails on after Lambda's two retries (the
    // database unreachable for minutes) lands here with the error instead of vanishing, so the bounce can be
    // replayed (docs/operations.md). SQS-managed encryption: Lambda writes to it with no KMS grant.
    this.failures = new sqs.Queue(this, 'Failures', {
      queueName: `orchestra-system-${config.stage}-mail-feedback-failures`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn.function.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(this.failures) });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead end: the on-failure destination of the feedback function, holding failed events for replay, so it has no queue of its own behind it.',
    });
  }
}
