import { randomBytes } from 'node:crypto';
import type { CredentialIssuer, Credentials, Principal } from '../contracts.js';

/** How long an STS session lasts when the caller does not say (AssumeRole's DurationSeconds default). */
const defaultSessionSeconds = 3600;

/** Base32 as AWS access key ids use it: upper-case letters and the digits 2–7. */
const accessKeyAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface IssueOptions {
  /** Lifetime of an assumed-role session's credentials; defaults to STS's 3600 s. */
  durationSeconds?: number;
}

export interface LocalCredentialIssuer extends CredentialIssuer {
  issue(principal: Principal, options?: IssueOptions): Credentials;
}

/**
 * Access keys for the tier's principals, as AWS shapes them: every principal here is a role, and a role only
 * ever holds temporary credentials (`ASIA…` key, secret, session token). An assumed-role session expires
 * (DurationSeconds); a function's own role credentials do not, because Lambda refreshes them unseen.
 * `lookup` forgets an expired session's key, as AWS answers ExpiredToken for it.
 */
export function createCredentialIssuer(options: { now?: () => Date } = {}): LocalCredentialIssuer {
  const now = options.now ?? (() => new Date());
  const issued = new Map<string, { principal: Principal; credentials: Credentials }>();

  function newAccessKeyId(): string {
    for (;;) {
      const bytes = randomBytes(16);
      const id = 'ASIA' + Array.from(bytes, (b) => accessKeyAlphabet[b % 32]).join('');
      if (!issued.has(id)) return id;
    }
  }

  return {
    issue(principal, issueOptions = {}) {
      const assumedRoleSession = principal.arn.includes(':assumed-role/');
      const credentials: Credentials = {
        accessKeyId: newAccessKeyId(),
        secretAccessKey: randomBytes(30).toString('base64'),
        // Real session tokens are long opaque base64 blobs; SDKs only pass them back.
        sessionToken: randomBytes(96).toString('base64'),
      };
      if (assumedRoleSession) {
        const seconds = issueOptions.durationSeconds ?? defaultSessionSeconds;
        credentials.expiration = new Date(now().getTime() + seconds * 1000);
      }
      issued.set(credentials.accessKeyId, { principal, credentials });
      return credentials;
    },
    lookup(accessKeyId) {
      const known = issued.get(accessKeyId);
      if (!known) return undefined;
      const expiration = known.credentials.expiration;
      if (expiration && expiration.getTime() <= now().getTime()) return undefined;
      return known;
    },
  };
}
