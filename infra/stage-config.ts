import type { Node } from 'constructs';

/**
 * Everything that differs between deployments of Orchestra System, read from CDK context
 * (`cdk synth -c stage=prod -c domainName=example.org …`, or the `context` block of cdk.json).
 * Read once in infra/app.ts and handed to the stacks; stacks never read context themselves, so tests can
 * build the app from a plain object.
 */
export interface StageConfig {
  /** Deployment name: part of every stack and resource name (`dev`, `prod`, …). */
  stage: string;
  /** Apex domain; orchestras live at `<subdomain>.<domainName>`. Without it the app runs on CloudFront's own host name. */
  domainName?: string;
  /** ACM certificate in us-east-1 covering `<domainName>` and `*.<domainName>` (required with domainName). */
  certificateArn?: string;
  /** Route 53 zone for domainName; with both, alias records for the apex and the wildcard are created. */
  hostedZoneId?: string;
  hostedZoneName?: string;
  /** Sender of all email; an SES-verified identity. */
  mailFrom: string;
  /** SES sending budget the outbox respects (messages per second). */
  mailRatePerSecond: number;
  /** Name of the SES configuration set the jobs stack creates and sends through (default `orchestra-system-<stage>`); not an existing one. */
  sesConfigurationSet?: string;
  /** Aurora Serverless v2 capacity range in ACUs. */
  auroraMinCapacity: number;
  auroraMaxCapacity: number;
  /** Protects the database from deletion and keeps stateful resources when a stack is destroyed. */
  deletionProtection: boolean;
  /** Days of automated Aurora backups (point-in-time restore); 1–35. */
  backupRetentionDays: number;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Invited as the first superadmin on deploy (an email with a link to set a password); needs domainName. */
  superadminEmail?: string;
  /** Alarm notifications are emailed here (the subscription must be confirmed from the first email). */
  alarmEmail?: string;
}

const stagePattern = /^[a-z][a-z0-9-]{1,19}$/;
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

type ContextReader = Pick<Node, 'tryGetContext'>;

/** Reads and validates the context; a bad value fails the synth with the parameter's name. */
export function readStageConfig(node: ContextReader): StageConfig {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value).trim();
  };
  const number = (key: string, fallback: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`context ${key} must be a number, got "${raw}"`);
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new Error(`context ${key} must be true or false, got "${raw}"`);
  };

  const stage = text('stage') ?? 'dev';
  const domainName = text('domainName')?.toLowerCase();
  const logLevel = (text('logLevel') ?? 'INFO').toUpperCase();

  return validateStageConfig({
    stage,
    domainName,
    certificateArn: text('certificateArn'),
    hostedZoneId: text('hostedZoneId'),
    hostedZoneName: text('hostedZoneName'),
    mailFrom: text('mailFrom') ?? `no-reply@${domainName ?? 'example.com'}`,
    mailRatePerSecond: number('mailRatePerSecond', 1),
    sesConfigurationSet: text('sesConfigurationSet'),
    auroraMinCapacity: number('auroraMinCapacity', 0.5),
    auroraMaxCapacity: number('auroraMaxCapacity', 4),
    deletionProtection: flag('deletionProtection', stage !== 'dev'),
    backupRetentionDays: number('backupRetentionDays', flag('deletionProtection', stage !== 'dev') ? 14 : 1),
    logLevel: logLevel as StageConfig['logLevel'],
    superadminEmail: text('superadminEmail')?.toLowerCase(),
    alarmEmail: text('alarmEmail'),
  });
}

/** The rules a config must meet whatever its source; returns the config unchanged. */
export function validateStageConfig(config: StageConfig): StageConfig {
  const problems: string[] = [];
  if (!stagePattern.test(config.stage)) problems.push(`stage "${config.stage}" must match ${stagePattern}`);
  if (config.domainName !== undefined && !domainPattern.test(config.domainName)) {
    problems.push(`domainName "${config.domainName}" is not a domain name`);
  }
  // CloudFront can only serve an alternate domain name with a certificate that covers it.
  if (config.domainName && !config.certificateArn) problems.push('domainName needs certificateArn (an ACM certificate in us-east-1)');
  if (config.certificateArn && !config.domainName) problems.push('certificateArn is given without domainName');
  if (config.certificateArn && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/.test(config.certificateArn)) {
    problems.push('certificateArn must be an ACM certificate ARN in us-east-1 (CloudFront requires that region)');
  }
  if ((config.hostedZoneId === undefined) !== (config.hostedZoneName === undefined)) {
    problems.push('hostedZoneId and hostedZoneName go together');
  }
  if (config.hostedZoneId && !config.domainName) problems.push('hostedZoneId is given without domainName');
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(mailAddress(config.mailFrom))) problems.push(`mailFrom "${config.mailFrom}" is not an email address`);
  if (!(config.mailRatePerSecond > 0)) problems.push('mailRatePerSecond must be positive');
  // Aurora Serverless v2 capacity is set in half ACUs between 0 and 256.
  const validAcu = (n: number) => n >= 0 && n <= 256 && Number.isInteger(n * 2);
  if (!validAcu(config.auroraMinCapacity)) problems.push('auroraMinCapacity must be 0–256 in steps of 0.5');
  if (!validAcu(config.auroraMaxCapacity) || config.auroraMaxCapacity < 1) problems.push('auroraMaxCapacity must be 1–256 in steps of 0.5');
  if (config.auroraMaxCapacity < config.auroraMinCapacity) problems.push('auroraMaxCapacity is below auroraMinCapacity');
  if (!logLevels.includes(config.logLevel as (typeof logLevels)[number])) problems.push(`logLevel must be one of ${logLevels.join(', ')}`);
  if (config.superadminEmail !== undefined) {
    if (!/^[^@\s<>]+@[^@\s<>]+$/.test(config.superadminEmail)) problems.push(`superadminEmail "${config.superadminEmail}" is not an email address`);
    // The invitation's link must point at the apex, which only a configured domain names.
    if (!config.domainName) problems.push('superadminEmail needs domainName (the invitation links to https://<domainName>)');
  }
  if (!Number.isInteger(config.backupRetentionDays) || config.backupRetentionDays < 1 || config.backupRetentionDays > 35) {
    problems.push('backupRetentionDays must be a whole number of days from 1 to 35 (Aurora\'s range)');
  }
  if (config.alarmEmail !== undefined && !/^[^@\s<>]+@[^@\s<>]+$/.test(config.alarmEmail)) {
    problems.push(`alarmEmail "${config.alarmEmail}" is not an email address`);
  }
  if (problems.length > 0) throw new Error(`invalid CDK context: ${problems.join('; ')}`);
  return config;
}

/** `Orchestra System <no-reply@example.org>` → `no-reply@example.org`. */
export function mailAddress(from: string): string {
  const match = /<([^>]+)>\s*$/.exec(from);
  return (match ? match[1] : from).trim();
}

/** Prefix of every per-orchestra secret name; the runtime and the provisioning workflow build names from it. */
export function orchestraSecretPrefix(stage: string): string {
  return `orchestra-system/${stage}/orchestras/`;
}
