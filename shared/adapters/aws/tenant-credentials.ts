import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';

/**
 * Credentials for one orchestra: a session of the tenant role tagged `orchestra-id=<id>`. The role may
 * read only secrets whose `orchestra-id` tag equals the session's, so a handler that asks for the wrong
 * orchestra's secret is denied by IAM, not just by our code (ARCHITECTURE rule 4). Sessions are cached
 * per orchestra until shortly before they expire.
 */
export const orchestraTagKey = 'orchestra-id';

/** The shape AWS SDK clients accept as `credentials`. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface TenantCredentialOptions {
  sts: STSClient;
  roleArn: string;
  /** Session length asked for; STS allows 900 s up to the role's maximum. */
  durationSeconds?: number;
  /** Renew this long before expiry, so a request never starts with credentials about to lapse. */
  refreshMarginMs?: number;
  now?: () => number;
}

export type TenantCredentialProvider = (orchestraId: string) => Promise<AwsCredentialIdentity>;

export function createTenantCredentialProvider(options: TenantCredentialOptions): TenantCredentialProvider {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const cache = new Map<string, Promise<AwsCredentialIdentity>>();

  const assume = async (orchestraId: string): Promise<AwsCredentialIdentity> => {
    const { Credentials } = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: `orchestra-${orchestraId}`.slice(0, 64),
        DurationSeconds: options.durationSeconds ?? 3600,
        Tags: [{ Key: orchestraTagKey, Value: orchestraId }],
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
      throw new Error('STS returned no credentials for the tenant role');
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };

  return async (orchestraId) => {
    const cached = cache.get(orchestraId);
    if (cached) {
      const credentials = await cached.catch(() => undefined);
      if (credentials?.expiration && credentials.expiration.getTime() - margin > now()) return credentials;
    }
    const fresh = assume(orchestraId);
    cache.set(orchestraId, fresh);
    fresh.catch(() => cache.delete(orchestraId));
    return fresh;
  };
}
