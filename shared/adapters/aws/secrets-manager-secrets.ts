import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { SecretBeingDeletedError, SecretNotFoundError, type Secrets } from '../../ports/secrets';

/**
 * Secrets Manager behind the Secrets port. Reads are cached for a few minutes per secret: a Lambda
 * instance serves many requests, and credentials change only when rotated (rotation keeps the old
 * version valid for a while).
 */
export function createSecretsManagerSecrets(client: SecretsManagerClient, options: { cacheMs?: number; now?: () => number } = {}): Secrets {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { value: Promise<object>; expiresAt: number }>();

  const fetchSecret = async (name: string): Promise<object> => {
    try {
      const result = await client.send(new GetSecretValueCommand({ SecretId: name }));
      if (!result.SecretString) throw new Error(`secret ${name} has no string value`);
      return JSON.parse(result.SecretString);
    } catch (error) {
      if (error instanceof ResourceNotFoundException) throw new SecretNotFoundError(name);
      throw error;
    }
  };

  return {
    async get<T extends object>(name: string): Promise<T> {
      const hit = cache.get(name);
      if (hit && hit.expiresAt > now()) return hit.value as Promise<T>;
      const value = fetchSecret(name);
      cache.set(name, { value, expiresAt: now() + cacheMs });
      value.catch(() => cache.delete(name));
      return value as Promise<T>;
    },
    async put(name, value, tags = {}) {
      const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      let arn: string | undefined;
      try {
        arn = (await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value), Tags }))).ARN;
      } catch (error) {
        if (isScheduledForDeletion(error)) throw new SecretBeingDeletedError(name, (error as Error).message);
        if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
        // Re-running a provisioning step: replace the value, keep the tags right.
        arn = (await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify(value) }))).ARN;
        if (Tags.length) await client.send(new TagResourceCommand({ SecretId: name, Tags }));
      }
      cache.delete(name);
      if (!arn) throw new Error(`Secrets Manager returned no ARN for ${name}`);
      return arn;
    },
    async delete(name) {
      try {
        await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      cache.delete(name);
    },
  };
}

/**
 * CreateSecret on a name whose secret was deleted and not yet purged: InvalidRequestException "You can't
 * create this secret because a secret with this name is already scheduled for deletion." It passes (the
 * compensation force-deletes, and the purge follows within moments), so it is not the permanent refusal
 * other InvalidRequestExceptions are.
 */
function isScheduledForDeletion(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'InvalidRequestException' && /scheduled for deletion/i.test(e.message ?? '');
}
