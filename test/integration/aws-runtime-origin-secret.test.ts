import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAwsRuntime, outboxOnlyMailer } from '../../shared/runtime/aws-runtime';

const sm = mockClient(SecretsManagerClient);
const originArn = 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:orchestra-system/test/origin-verify-AbCdEf';
const env = {
  AWS_REGION: 'eu-north-1',
  DB_CLUSTER_ARN: 'arn:aws:rds:eu-north-1:111122223333:cluster:orchestra',
  CONTROL_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:control',
  SESSION_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:session-key',
  ORIGIN_VERIFY_SECRET_ARN: originArn,
  ORCHESTRA_SECRET_PREFIX: 'orchestra-system/test/orchestras/',
  TENANT_ROLE_ARN: 'arn:aws:iam::111122223333:role/tenant',
  LOG_LEVEL: 'SILENT',
};

describe('the AWS runtime’s origin secret (what CloudFront sends in x-origin-verify)', () => {
  afterEach(() => {
    sm.reset();
    vi.useRealTimers();
  });

  it('accepts the current and the previous value, read through the cache, so a rotation reaches warm instances', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T12:00:00Z'));
    sm.on(GetSecretValueCommand, { SecretId: originArn })
      .resolvesOnce({ SecretString: '{"value":"first"}' })
      .resolves({ SecretString: '{"value":"second","previous":"first"}' });
    const runtime = await buildAwsRuntime(env, { mailer: outboxOnlyMailer, signsSessions: true, servesHttp: true });

    expect(await runtime.originVerifyValues!()).toEqual(['first']);
    expect(await runtime.originVerifyValues!()).toEqual(['first']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    vi.setSystemTime(new Date('2026-12-04T12:06:00Z'));
    expect(await runtime.originVerifyValues!()).toEqual(['second', 'first']);
  });

  it('is required of request functions only; the others have no origin check at all', async () => {
    const { ORIGIN_VERIFY_SECRET_ARN: _, ...without } = env;
    await expect(buildAwsRuntime(without, { mailer: outboxOnlyMailer, signsSessions: true, servesHttp: true })).rejects.toThrow(
      'invalid configuration: ORIGIN_VERIFY_SECRET_ARN',
    );
    const background = await buildAwsRuntime(without, { mailer: outboxOnlyMailer, signsSessions: false });
    expect(background.originVerifyValues).toBeUndefined();
  });
});
