import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { ApiFunction } from '../constructs/api-function';
import { MailFeedback } from '../constructs/mail-feedback';
import { tenantRoleUserRoleName } from '../constructs/tenant-role';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';
import { functionEnvironment } from './function-settings';

export interface JobsStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
}

/** How many ticks may run at once (reserved concurrency). */
export const tickConcurrency = 2;

/**
 * The tick: every minute it delivers the outbox, sends reminders and times out requests, per orchestra.
 * The job is idempotent, so an overlapping or repeated run does no harm; its concurrency is still bounded
 * (below) so that slow ticks cannot pile up on the database.
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
      // Two: a tick that runs late may overlap the next minute's (both claim rows with SKIP LOCKED), but a slow
      // database never piles up ticks that each hold Data API connections; a third is throttled (the
      // tick-throttles alarm) and its work waits a minute, nothing is lost. It also keeps the tick out of the
      // account's pool, so a burst of API traffic cannot starve it.
      reservedConcurrentExecutions: tickConcurrency,
      roleName: tenantRoleUserRoleName(config.stage, 'tick'),
      logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
      .useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
      .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix)
      .useMailer({
        from: config.mailFrom,
        ratePerSecond: config.mailRatePerSecond,
        configurationSet: this.mailFeedback.configurationSet.configurationSetName,
      })
      .useFiles({ bucket: data.filesBucket });

    this.schedule = new events.Rule(this, 'TickSchedule', {
      description: 'Runs the tick every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A failed tick is not retried: the next one comes within a minute and picks up the same work.
      targets: [new targets.LambdaFunction(this.tick.function, { retryAttempts: 0 })],
    });
    // EventBridge invokes asynchronously, so Lambda itself would retry a failed (or throttled-away) tick twice more,
    // up to minutes later, on top of the next minute's tick: off, for the same reason as above.
    this.tick.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.addSuperadminHint(config);
  }

  /**
   * The first superadmin is invited by the control-database setup on deploy (an outbox row in the control
   * database, delivered by the tick within a minute). A stage deployed without `superadminEmail` has nobody who
   * can log in, so the synth warns and the stack output says the command that invites one.
   */
  private addSuperadminHint(config: StageConfig): void {
    if (config.superadminEmail) {
      new CfnOutput(this, 'FirstSuperadmin', {
        description: 'Who this deploy invites as the first superadmin (an existing account is left alone)',
        value: `${config.superadminEmail}: invited if no such account exists yet; the tick sends the email within a minute of the deploy`,
      });
      return;
    }
    const command = firstSuperadminCommand(config);
    Annotations.of(this).addWarningV2(
      '@orchestra-system/no-superadmin',
      `No superadminEmail: this deploy invites no superadmin, so a new stage has nobody who can log in. Invite one with: ${command}`,
    );
    new CfnOutput(this, 'FirstSuperadmin', {
      description: 'No superadmin was invited by this deploy; the command that invites one',
      value: `none invited; run: ${command}`,
    });
  }
}

/** The deploy command that invites a first superadmin for this stage (a domain first, where there is none). */
export function firstSuperadminCommand(config: StageConfig): string {
  const domain = config.domainName ? '' : ' -c domainName=<your-domain> -c certificateArn=<acm-certificate-arn-in-us-east-1>';
  return `npx cdk deploy --all -c stage=${config.stage}${domain} -c superadminEmail=you@example.org (or add "superadminEmail" to infra/stages/${config.stage}.json)`;
}
