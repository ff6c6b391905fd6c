import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from 'constructs';

/**
 * Everything that differs between deployments of Orchestra System, read from the stage's file in the
 * repository (`infra/stages/<stage>.json`) and CDK context (`cdk synth -c stage=prod -c domainName=example.org …`,
 * or the `context` block of cdk.json); a `-c` flag overrides the file. Read once in infra/app.ts and handed to the stacks; stacks never read context themselves, so tests can
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
  /**
   * One-off, for rotating the origin secret (docs/operations.md): the secret version CloudFront is to send.
   * CloudFormation re-reads a dynamic reference only when its text changes, so naming the new version is what
   * makes the web stack deploy pick it up. Not stored: a later deploy without it names no version, which
   * CloudFormation then reads as the current one, the same value.
   */
  originVerifyVersionId?: string;
  /**
   * The edge firewall stack's web ACL (its WebAclArn output), put in front of CloudFront by the web stack. A
   * CLOUDFRONT web ACL lives in us-east-1 and the stacks are region-agnostic, so it is passed as a setting.
   */
  webAclArn?: string;
}

const stagePattern = /^[a-z][a-z0-9-]{1,19}$/;
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

type ContextReader = Pick<Node, 'tryGetContext'>;

/** Where the per-stage files live: `infra/stages/<stage>.json`, committed with the code. */
export const stagesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stages');

/** The settings a stage file may hold: every parameter but `stage` (the file's name) and the one-off flags. */
const storedKeys = [
  'domainName', 'certificateArn', 'hostedZoneId', 'hostedZoneName', 'mailFrom', 'mailRatePerSecond', 'sesConfigurationSet',
  'auroraMinCapacity', 'auroraMaxCapacity', 'deletionProtection', 'backupRetentionDays', 'logLevel', 'superadminEmail', 'alarmEmail', 'webAclArn',
] as const;

/**
 * The stage's stored settings, or none when it has no file. A file exists so that a later deploy that forgets a
 * flag deploys the same stage, not a different one (e.g. without its domain).
 */
export function readStageFile(stage: string, directory = stagesDirectory): Record<string, string | number | boolean> {
  // The stage name is checked before it names a file (no `../`).
  if (!stagePattern.test(stage)) return {};
  const file = path.join(directory, `${stage}.json`);
  if (!existsSync(file)) return {};
  const where = path.relative(process.cwd(), file) || file;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${where} must hold one JSON object of settings`);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!(storedKeys as readonly string[]).includes(key)) problems.push(`unknown setting "${key}" (a stage file holds ${storedKeys.join(', ')})`);
    else if (!['string', 'number', 'boolean'].includes(typeof value)) problems.push(`${key} must be a string, number or boolean`);
  }
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
  return parsed as Record<string, string | number | boolean>;
}

export interface ReadStageConfigOptions {
  /** Folder of the stage files. @default infra/stages */
  stagesDirectory?: string;
}

/**
 * Reads the stage file and the context and validates the result; a bad value fails the synth with the
 * parameter's name. A flag naming another domain than the stage file's fails too, unless
 * `-c allowDomainChange=true` says the change is meant (moving a stage to a new domain).
 */
export function readStageConfig(node: ContextReader, options: ReadStageConfigOptions = {}): StageConfig {
  const fromContext = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value).trim();
  };
  const stage = fromContext('stage') ?? 'dev';
  const stored = readStageFile(stage, options.stagesDirectory);
  const text = (key: string): string | undefined => {
    const value = fromContext(key) ?? stored[key];
    if (value === undefined || value === '') return undefined;
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

  const domainName = text('domainName')?.toLowerCase();
  const storedDomain = typeof stored.domainName === 'string' ? stored.domainName.trim().toLowerCase() : undefined;
  // Read on every synth (so it is a documented parameter), though it matters only against a stored domain.
  const allowDomainChange = flag('allowDomainChange', false);
  if (storedDomain && domainName !== storedDomain && !allowDomainChange) {
    throw new Error(
      `invalid CDK context: -c domainName=${domainName} contradicts domainName "${storedDomain}" in infra/stages/${stage}.json; ` +
        'change the file, or add -c allowDomainChange=true if this deploy is meant to move the stage to the new domain',
    );
  }
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
    originVerifyVersionId: fromContext('originVerifyVersionId'),
    webAclArn: text('webAclArn'),
  });
}

/** The rules a config must meet whatever its source; returns the config unchanged. */
export function validateStageConfig(config: StageConfig): StageConfig {
  const problems: string[] = [];
  if (!stagePattern.test(config.stage)) problems.push(`stage "${config.stage}" must match ${stagePattern}`);
  // Only a throwaway dev stage runs on CloudFront's host name: every other stage serves orchestras on its domain,
  // and requiring it means a deploy that forgets the domain fails instead of taking the site off it.
  if (config.stage !== 'dev' && !config.domainName) {
    problems.push(
      `stage "${config.stage}" needs domainName (only dev runs without one): store it in infra/stages/${config.stage}.json ` +
        '(see infra/stages/example.json) or pass -c domainName=… -c certificateArn=…',
    );
  }
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
  if (config.webAclArn !== undefined && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[0-9a-f-]+$/.test(config.webAclArn)) {
    problems.push('webAclArn must be the ARN of a CLOUDFRONT web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), the edge firewall stack\'s WebAclArn output');
  }
  // Secrets Manager version ids are 32–64 characters (UUIDs when it makes them); nothing else may enter the reference.
  if (config.originVerifyVersionId !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(config.originVerifyVersionId)) {
    problems.push('originVerifyVersionId must be a Secrets Manager VersionId (32–64 letters, digits or dashes)');
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
