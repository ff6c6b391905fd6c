import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { ApiFunction } from '../constructs/api-function';
import { MailFeedback } from '../constructs/mail-feedback';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';
import { functionEnvironment } from './function-settings';

export interface JobsStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
}

/**
 * The tick: every minute it delivers the outbox, sends reminders and times out requests, per orchestra.
 * The job is idempotent, so an overlapping or repeated run does no harm and no concurrency limit is set.
 */
export class JobsStack extends Stack {
  readonly tick: ApiFunction;
  readonly schedule: events.Rule;
  readonly mailFeedback: MailFeedback;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { config, data } = props;

    this.mailFeedback = new MailFeedback(this, 'MailFeedback', { config, data });

    this.tick = new ApiFunction(this, 'TickFunction', {
      entry: 'functions/jobs/tick-lambda.ts',
      description: `Orchestra System ${config.stage}: every-minute tick (outbox, reminders, timeouts)`,
      environment: functionEnvironment(config),
      // Finish well within the minute so runs rarely overlap.
      timeout: Duration.seconds(50),
      logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
      .useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
      .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix)
      .useMailer({
        from: config.mailFrom,
        ratePerSecond: config.mailRatePerSecond,
        configurationSet: this.mailFeedback.configurationSet.configurationSetName,
      })
      .useFiles({ bucket: data.filesBucket, accessPolicy: data.filesAccessPolicy });

    this.schedule = new events.Rule(this, 'TickSchedule', {
      description: 'Runs the tick every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A failed tick is not retried: the next one comes within a minute and picks up the same work.
      targets: [new targets.LambdaFunction(this.tick.function, { retryAttempts: 0 })],
    });
  }
}
