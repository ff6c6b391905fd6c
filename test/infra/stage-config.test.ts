import { describe, expect, it } from 'vitest';
import { mailAddress, orchestraSecretPrefix, readStageConfig } from '../../infra/stage-config';

/** Reads a config from plain context values, as `-c key=value` on the command line gives them (strings). */
function configFrom(context: Record<string, unknown>) {
  return readStageConfig({ tryGetContext: (key: string) => context[key] });
}

const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
/** Every stage but dev needs a domain. */
const domain = { domainName: 'orchestras.example.org', certificateArn };

describe('stage config from CDK context', () => {
  it('defaults to a disposable dev stage without a domain', () => {
    expect(configFrom({})).toEqual({
      stage: 'dev',
      domainName: undefined,
      certificateArn: undefined,
      hostedZoneId: undefined,
      hostedZoneName: undefined,
      mailFrom: 'no-reply@example.com',
      mailRatePerSecond: 1,
      sesConfigurationSet: undefined,
      auroraMinCapacity: 0.5,
      auroraMaxCapacity: 4,
      deletionProtection: false,
      backupRetentionDays: 1,
      logLevel: 'INFO',
      superadminEmail: undefined,
    });
  });

  it('keeps backups two weeks in protected stages, a day in dev, or as told within Aurora\'s 1–35 days', () => {
    expect(configFrom({ stage: 'prod', ...domain }).backupRetentionDays).toBe(14);
    expect(configFrom({ stage: 'prod', ...domain, backupRetentionDays: '35' }).backupRetentionDays).toBe(35);
    expect(() => configFrom({ backupRetentionDays: '0' })).toThrow(/backupRetentionDays/);
    expect(() => configFrom({ backupRetentionDays: '36' })).toThrow(/backupRetentionDays/);
  });

  it('takes a first superadmin to invite only with a domain for the invitation link', () => {
    expect(configFrom({ domainName: 'orchestras.example.org', certificateArn, superadminEmail: 'Ops@Example.org' }).superadminEmail).toBe('ops@example.org');
    expect(() => configFrom({ superadminEmail: 'ops@example.org' })).toThrow(/superadminEmail needs domainName/);
    expect(() => configFrom({ domainName: 'orchestras.example.org', certificateArn, superadminEmail: 'not-an-address' })).toThrow(/superadminEmail "not-an-address"/);
  });

  it('protects every stage but dev unless told otherwise', () => {
    expect(configFrom({ stage: 'prod', ...domain }).deletionProtection).toBe(true);
    expect(configFrom({ stage: 'staging', ...domain, deletionProtection: 'false' }).deletionProtection).toBe(false);
    expect(configFrom({ stage: 'dev', deletionProtection: true }).deletionProtection).toBe(true);
  });

  it('derives the sender from the domain and parses numbers given as strings', () => {
    const config = configFrom({ domainName: 'Orchestras.Example.org', certificateArn, auroraMinCapacity: '0', mailRatePerSecond: '14', logLevel: 'debug' });
    expect(config).toMatchObject({ domainName: 'orchestras.example.org', mailFrom: 'no-reply@orchestras.example.org', auroraMinCapacity: 0, mailRatePerSecond: 14, logLevel: 'DEBUG' });
  });

  it.each([
    [{ domainName: 'orchestras.example.org' }, /domainName needs certificateArn/],
    [{ certificateArn }, /certificateArn is given without domainName/],
    [{ domainName: 'example.org', certificateArn: certificateArn.replace('us-east-1', 'eu-north-1') }, /us-east-1/],
    [{ domainName: 'example.org', certificateArn, hostedZoneId: 'Z1' }, /hostedZoneId and hostedZoneName go together/],
    [{ stage: 'Prod' }, /stage "Prod"/],
    [{ domainName: 'not a domain', certificateArn }, /not a domain name/],
    [{ auroraMinCapacity: '0.3' }, /auroraMinCapacity/],
    [{ auroraMinCapacity: '8', auroraMaxCapacity: '4' }, /below auroraMinCapacity/],
    [{ auroraMinCapacity: 'lots' }, /auroraMinCapacity must be a number/],
    [{ mailFrom: 'nobody' }, /mailFrom/],
    [{ deletionProtection: 'yes' }, /deletionProtection must be true or false/],
    [{ logLevel: 'loud' }, /logLevel/],
  ])('refuses %o', (context, message) => {
    expect(() => configFrom(context)).toThrow(message);
  });

  it('takes the address out of a sender with a display name', () => {
    expect(mailAddress('Orchestra System <no-reply@example.org>')).toBe('no-reply@example.org');
    expect(mailAddress('no-reply@example.org')).toBe('no-reply@example.org');
  });

  it('names orchestra secrets under the stage', () => {
    expect(orchestraSecretPrefix('prod')).toBe('orchestra-system/prod/orchestras/');
  });
});
