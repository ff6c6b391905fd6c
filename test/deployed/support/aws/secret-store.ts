import { randomBytes, randomUUID } from 'node:crypto';
import { localAccount, localRegion } from '../contracts';

/**
 * The secrets behind the local Secrets Manager, shared with the local Data API (which reads the secret a
 * call names, as the real one does). Names and ARNs follow Secrets Manager's rules: the ARN ends in the
 * name, a hyphen and six random characters; a secret is found by its full ARN, by its ARN without the
 * suffix, or by its name; a deleted secret stays (marked for deletion) until its recovery window ends.
 */
export interface SecretVersion {
  id: string;
  string?: string;
  binary?: Buffer;
  stages: string[];
  created: Date;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  tags: Record<string, string>;
  versions: SecretVersion[];
  created: Date;
  lastChanged: Date;
  /** Set while the secret is scheduled for deletion. */
  deletionDate?: Date;
  deletedDate?: Date;
}

export interface SeededSecret {
  name: string;
  /** The ARN the templates already fixed for it; generated (name + random suffix) when absent. */
  arn?: string;
  /** SecretString; an object is stored as its JSON. */
  value: string | object;
  tags?: Record<string, string>;
}

/** What tests read back. */
export interface SecretSnapshot {
  arn: string;
  name: string;
  /** The AWSCURRENT SecretString, if any. */
  value?: string;
  tags: Record<string, string>;
  markedForDeletion: boolean;
}

export const secretArnPrefix = `arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:`;

const suffixAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newSecretArn(name: string): string {
  const suffix = [...randomBytes(6)].map((byte) => suffixAlphabet[byte % suffixAlphabet.length]).join('');
  return `${secretArnPrefix}${name}-${suffix}`;
}

export class SecretStore {
  private readonly byArn = new Map<string, StoredSecret>();

  seed(secrets: SeededSecret[]): void {
    for (const seeded of secrets) {
      const existing = this.find(seeded.arn ?? seeded.name);
      if (existing) this.byArn.delete(existing.arn);
      const now = new Date();
      const value = typeof seeded.value === 'string' ? seeded.value : JSON.stringify(seeded.value);
      const secret: StoredSecret = {
        arn: seeded.arn ?? newSecretArn(seeded.name),
        name: seeded.name,
        tags: { ...seeded.tags },
        versions: [{ id: randomUUID(), string: value, stages: ['AWSCURRENT'], created: now }],
        created: now,
        lastChanged: now,
      };
      this.byArn.set(secret.arn, secret);
    }
  }

  read(nameOrArn: string): SecretSnapshot | undefined {
    const secret = this.find(nameOrArn);
    if (!secret) return undefined;
    return {
      arn: secret.arn,
      name: secret.name,
      value: currentVersion(secret)?.string,
      tags: { ...secret.tags },
      markedForDeletion: secret.deletionDate !== undefined,
    };
  }

  /** Secrets Manager's SecretId resolution: full ARN, then ARN without the random suffix, then name. */
  find(secretId: string): StoredSecret | undefined {
    const exact = this.byArn.get(secretId);
    if (exact) return exact;
    const name = secretId.startsWith(secretArnPrefix) ? secretId.slice(secretArnPrefix.length) : secretId;
    for (const secret of this.byArn.values()) if (secret.name === name) return secret;
    return undefined;
  }

  add(secret: StoredSecret): void {
    this.byArn.set(secret.arn, secret);
  }

  remove(secret: StoredSecret): void {
    this.byArn.delete(secret.arn);
  }

  all(): StoredSecret[] {
    return [...this.byArn.values()];
  }
}

export function currentVersion(secret: StoredSecret): SecretVersion | undefined {
  return secret.versions.find((version) => version.stages.includes('AWSCURRENT'));
}

/** The ARN IAM judges a call on: the secret's own, or (not found) the one the request named. */
export function secretResourceArn(secretId: string, secret: StoredSecret | undefined): string {
  if (secret) return secret.arn;
  return secretId.startsWith('arn:') ? secretId : `${secretArnPrefix}${secretId}`;
}

/** Tag condition keys Secrets Manager puts in the request context for a call on an existing secret. */
export function resourceTagContext(secret: StoredSecret | undefined): Record<string, string> {
  const context: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret?.tags ?? {})) {
    context[`secretsmanager:ResourceTag/${key}`] = value;
    context[`aws:ResourceTag/${key}`] = value;
  }
  return context;
}
