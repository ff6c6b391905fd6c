import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTenantCredentialProvider } from '../../shared/adapters/aws/tenant-credentials';

const sts = mockClient(STSClient);
const roleArn = 'arn:aws:iam::123456789012:role/orchestra-system-prod-tenant';

function stsAnswer(expiresAt: number, key = 'AKIA1') {
  return { Credentials: { AccessKeyId: key, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(expiresAt) } };
}

describe('tenant credentials', () => {
  beforeEach(() => sts.reset());

  it("asks STS for the tenant role with the orchestra's id as session tag", async () => {
    sts.on(AssumeRoleCommand).resolves(stsAnswer(3_600_000));
    const credentials = createTenantCredentialProvider({ sts: new STSClient({}), roleArn, now: () => 0 });
    const result = await credentials('0b5c1b9e-4a3e-4a57-9d55-6c1f9d0e2a11');
    expect(result).toMatchObject({ accessKeyId: 'AKIA1', sessionToken: 'token' });
    const input = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input.RoleArn).toBe(roleArn);
    expect(input.Tags).toEqual([{ Key: 'orchestra-id', Value: '0b5c1b9e-4a3e-4a57-9d55-6c1f9d0e2a11' }]);
    expect(input.RoleSessionName).toBe('orchestra-0b5c1b9e-4a3e-4a57-9d55-6c1f9d0e2a11');
  });

  it('caches per orchestra until shortly before expiry, then renews', async () => {
    let now = 0;
    sts.on(AssumeRoleCommand).resolvesOnce(stsAnswer(3_600_000, 'AKIA1')).resolves(stsAnswer(7_200_000, 'AKIA2'));
    const credentials = createTenantCredentialProvider({ sts: new STSClient({}), roleArn, now: () => now, refreshMarginMs: 300_000 });
    expect((await credentials('a')).accessKeyId).toBe('AKIA1');
    now = 3_000_000; // 10 minutes before expiry: still good
    expect((await credentials('a')).accessKeyId).toBe('AKIA1');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now = 3_400_000; // inside the 5-minute margin: renew
    expect((await credentials('a')).accessKeyId).toBe('AKIA2');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('keeps orchestras apart: another orchestra gets its own tagged session', async () => {
    sts.on(AssumeRoleCommand).resolves(stsAnswer(3_600_000));
    const credentials = createTenantCredentialProvider({ sts: new STSClient({}), roleArn, now: () => 0 });
    await credentials('a');
    await credentials('b');
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.Tags?.[0].Value)).toEqual(['a', 'b']);
  });

  it('does not cache a failure', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(new Error('throttled')).resolves(stsAnswer(3_600_000));
    const credentials = createTenantCredentialProvider({ sts: new STSClient({}), roleArn, now: () => 0 });
    await expect(credentials('a')).rejects.toThrow('throttled');
    expect((await credentials('a')).accessKeyId).toBe('AKIA1');
  });
});
