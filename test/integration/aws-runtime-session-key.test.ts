import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAwsRuntime, outboxOnlyMailer } from '../../shared/runtime/aws-runtime';

const sm = mockClient(SecretsManagerClient);
const sessionKeyArn = 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:orchestra-system-test-session-key';
const env = {
  AWS_REGION: 'eu-north-1',
  DB_CLUSTER_ARN: 'arn:aws:rds:eu-north-1:111122223333:cluster:orchestra',
  CONTROL_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:control',
  SESSION_KEY_SECRET_ARN: sessionKeyArn,
  ORCHESTRA_SECRET_PREFIX: 'orchestra-system/test/orchestras/',
  TENANT_ROLE_ARN: 'arn:aws:iam::111122223333:role/tenant',
  LOG_LEVEL: 'SILENT',
};
const text = (key: Uint8Array) => new TextDecoder().decode(key);

describe('the AWS runtime’s session signing key', () => {
  afterEach(() => {
    sm.reset();
    vi.useRealTimers();
  });

  it('is read from Secrets Manager, cached for minutes, and a rotated value takes over on a warm instance', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T12:00:00Z'));
    sm.on(GetSecretValueCommand, { SecretId: sessionKeyArn }).resolvesOnce({ SecretString: '{"key":"first-key"}' }).resolves({ SecretString: '{"key":"rotated-key"}' });
    const runtime = await buildAwsRuntime(env, { mailer: outboxOnlyMailer, signsSessions: true });

    expect(text(await runtime.sessionKey())).toBe('first-key');
    expect(text(await runtime.sessionKey())).toBe('first-key');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    vi.setSystemTime(new Date('2026-12-04T12:06:00Z'));
    expect(text(await runtime.sessionKey())).toBe('rotated-key');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('is asked for only by functions that sign sessions: the tick and the mail feedback start without it', async () => {
    const { SESSION_KEY_SECRET_ARN: _, ...withoutKey } = env;
    const background = await buildAwsRuntime(withoutKey, { mailer: outboxOnlyMailer, signsSessions: false });
    await expect(background.sessionKey()).rejects.toThrow('signs no sessions');
    await expect(buildAwsRuntime(withoutKey, { mailer: outboxOnlyMailer, signsSessions: true })).rejects.toThrow(
      'invalid configuration: SESSION_KEY_SECRET_ARN',
    );
  });
});
