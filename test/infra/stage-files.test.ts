import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStageConfig, readStageFile, stagesDirectory } from '../../infra/stage-config';

/**
 * Per-stage settings kept in the repository (`infra/stages/<stage>.json`): `npx cdk deploy --all -c stage=prod`
 * deploys the stored prod stage, so a deploy that forgets a flag cannot silently take the site off its domain.
 */
const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orchestra-stages-'));
  fs.writeFileSync(
    path.join(directory, 'prod.json'),
    JSON.stringify({ domainName: 'orchestras.example.org', certificateArn, auroraMaxCapacity: 16, alarmEmail: 'alarms@example.org', deletionProtection: true }),
  );
});
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

/** A config from `-c` flags (strings, as the CLI gives them) and the stage files in the test's folder. */
const configFrom = (context: Record<string, unknown>, stagesDir = directory) =>
  readStageConfig({ tryGetContext: (key: string) => context[key] }, { stagesDirectory: stagesDir });

describe('stage files', () => {
  it('deploys the stored stage from the stage name alone', () => {
    expect(configFrom({ stage: 'prod' })).toMatchObject({
      stage: 'prod',
      domainName: 'orchestras.example.org',
      certificateArn,
      mailFrom: 'no-reply@orchestras.example.org',
      auroraMaxCapacity: 16,
      alarmEmail: 'alarms@example.org',
      deletionProtection: true,
    });
  });

  it('lets a -c flag override a stored value', () => {
    expect(configFrom({ stage: 'prod', auroraMaxCapacity: '32', superadminEmail: 'ops@example.org' })).toMatchObject({ auroraMaxCapacity: 32, superadminEmail: 'ops@example.org' });
    // Repeating the stored domain is no change.
    expect(configFrom({ stage: 'prod', domainName: 'Orchestras.Example.org' }).domainName).toBe('orchestras.example.org');
  });

  it('refuses a flag that contradicts the stored domain unless the change is allowed', () => {
    expect(() => configFrom({ stage: 'prod', domainName: 'other.example.org' })).toThrow(
      /-c domainName=other\.example\.org contradicts domainName "orchestras\.example\.org" in infra\/stages\/prod\.json.*allowDomainChange=true/,
    );
    expect(configFrom({ stage: 'prod', domainName: 'other.example.org', allowDomainChange: 'true' }).domainName).toBe('other.example.org');
  });

  it('requires a domain for every stage but dev, saying where to put it', () => {
    expect(() => configFrom({ stage: 'staging' })).toThrow(/stage "staging" needs domainName \(only dev runs without one\): store it in infra\/stages\/staging\.json/);
    expect(configFrom({ stage: 'staging', domainName: 'staging.example.org', certificateArn }).domainName).toBe('staging.example.org');
    expect(configFrom({}).domainName).toBeUndefined();
  });

  it('refuses a stage file with an unknown setting, a wrong type or broken JSON, naming the file', () => {
    fs.writeFileSync(path.join(directory, 'typo.json'), JSON.stringify({ domainname: 'x.example.org' }));
    expect(() => configFrom({ stage: 'typo' })).toThrow(/typo\.json: unknown setting "domainname"/);
    fs.writeFileSync(path.join(directory, 'nested.json'), JSON.stringify({ domainName: { apex: 'x.example.org' } }));
    expect(() => configFrom({ stage: 'nested' })).toThrow(/nested\.json: domainName must be a string, number or boolean/);
    fs.writeFileSync(path.join(directory, 'broken.json'), '{ "domainName": ');
    expect(() => configFrom({ stage: 'broken' })).toThrow(/broken\.json is not valid JSON/);
    fs.writeFileSync(path.join(directory, 'stageless.json'), JSON.stringify({ stage: 'prod' }));
    expect(() => configFrom({ stage: 'stageless' })).toThrow(/unknown setting "stage"/);
  });

  it('validates stored values like flags', () => {
    fs.writeFileSync(path.join(directory, 'small.json'), JSON.stringify({ domainName: 'small.example.org', certificateArn, auroraMaxCapacity: 0.3 }));
    expect(() => configFrom({ stage: 'small' })).toThrow(/auroraMaxCapacity must be 1–256/);
  });

  it('ships an example that is a valid stage file (infra/stages/example.json, explained in the README)', () => {
    expect(readStageFile('example')).toMatchObject({ domainName: 'orchestras.example.org' });
    expect(configFrom({ stage: 'example' }, stagesDirectory)).toMatchObject({ stage: 'example', domainName: 'orchestras.example.org', logLevel: 'WARN' });
  });
});
