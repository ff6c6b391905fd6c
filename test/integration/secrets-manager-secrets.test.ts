import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretsManagerSecrets } from '../../shared/adapters/aws/secrets-manager-secrets';
import { SecretBeingDeletedError, SecretNotFoundError } from '../../shared/ports/secrets';
import { toWorkflowError } from '../../shared/app/provisioning/step-errors';

const sm = mockClient(SecretsManagerClient);
const meta = { $metadata: {} };

describe('Secrets Manager adapter', () => {
  beforeEach(() => sm.reset());

  it('reads JSON secrets and caches them until the cache time runs out', async () => {
    let now = 0;
    sm.on(GetSecretValueCommand, { SecretId: 'orch/demo' }).resolves({ SecretString: '{"username":"u","password":"p"}' });
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}), { cacheMs: 1000, now: () => now });
    expect(await secrets.get('orch/demo')).toEqual({ username: 'u', password: 'p' });
    expect(await secrets.get('orch/demo')).toEqual({ username: 'u', password: 'p' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    now = 1001;
    await secrets.get('orch/demo');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('says which secret is missing, and does not cache the miss', async () => {
    sm.on(GetSecretValueCommand).rejectsOnce(new ResourceNotFoundException({ message: 'nope', ...meta }));
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
    await expect(secrets.get('orch/none')).rejects.toBeInstanceOf(SecretNotFoundError);
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"a":1}' });
    expect(await secrets.get('orch/none')).toEqual({ a: 1 });
  });

  it('creates a secret with its tags, and on a re-run replaces the value and keeps the tags', async () => {
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
    const arn = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:orch/demo-AbCdEf';
    sm.on(CreateSecretCommand).resolvesOnce({ ARN: arn });
    // The ARN is the reference to keep: the Data API takes secrets by ARN only.
    expect(await secrets.put('orch/demo', { password: 'one' }, { 'orchestra-id': 'o-1' })).toBe(arn);
    expect(sm.commandCalls(CreateSecretCommand)[0].args[0].input).toEqual({
      Name: 'orch/demo',
      SecretString: '{"password":"one"}',
      Tags: [{ Key: 'orchestra-id', Value: 'o-1' }],
    });

    sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'exists', ...meta }));
    sm.on(PutSecretValueCommand).resolves({ ARN: arn });
    expect(await secrets.put('orch/demo', { password: 'two' }, { 'orchestra-id': 'o-1' })).toBe(arn);
    expect(sm.commandCalls(PutSecretValueCommand)[0].args[0].input).toEqual({ SecretId: 'orch/demo', SecretString: '{"password":"two"}' });
    expect(sm.commandCalls(TagResourceCommand)[0].args[0].input.Tags).toEqual([{ Key: 'orchestra-id', Value: 'o-1' }]);
  });

  it('creating a secret whose name is still being deleted is a retryable SecretBeingDeleted, not a permanent refusal', async () => {
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
    const scheduled = "You can't create this secret because a secret with this name is already scheduled for deletion.";
    const arn = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:orch/again-AbCdEf';
    sm.on(CreateSecretCommand).rejectsOnce(new InvalidRequestException({ message: scheduled, ...meta })).resolves({ ARN: arn });
    const refused = await secrets.put('orch/again', { password: 'p' }, { 'orchestra-id': 'o-1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SecretBeingDeletedError);
    // The name the provisioning workflow's CreateDatabase Retry matches, kept as it is by the step wrapper.
    expect(toWorkflowError(refused).name).toBe('SecretBeingDeleted');
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    // The purge done, the retry creates it.
    expect(await secrets.put('orch/again', { password: 'p' }, { 'orchestra-id': 'o-1' })).toBe(arn);
  });

  it('passes on any other InvalidRequestException as it is', async () => {
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
    sm.on(CreateSecretCommand).rejects(new InvalidRequestException({ message: 'You tried to perform the operation on a secret that is currently marked deleted.', ...meta }));
    const refused = await secrets.put('orch/odd', { password: 'p' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestException);
  });

  it('deletes without recovery window and ignores a secret already gone', async () => {
    const secrets = createSecretsManagerSecrets(new SecretsManagerClient({}));
    sm.on(DeleteSecretCommand).rejects(new ResourceNotFoundException({ message: 'gone', ...meta }));
    await expect(secrets.delete('orch/gone')).resolves.toBeUndefined();
    expect(sm.commandCalls(DeleteSecretCommand)[0].args[0].input).toEqual({ SecretId: 'orch/gone', ForceDeleteWithoutRecovery: true });
  });
});
