/** Secrets: orchestra database credentials, the session signing key. Values are JSON objects. */
export interface Secrets {
  get<T extends object>(name: string): Promise<T>;
  /**
   * Creates or replaces a secret; tags are kept with it (AWS: resource tags used by IAM conditions).
   * Returns the reference to read it by: its ARN in AWS (the Data API takes only ARNs), its name locally.
   */
  put(name: string, value: object, tags?: Record<string, string>): Promise<string>;
  /** Deletes a secret; deleting one that does not exist is not an error. */
  delete(name: string): Promise<void>;
}

/** Credentials of one orchestra's database login, as stored in its secret. */
export interface DatabaseCredentials {
  username: string;
  password: string;
  dbname: string;
  host?: string;
  port?: number;
  engine?: 'postgres';
}

export class SecretNotFoundError extends Error {
  constructor(readonly secretName: string) {
    super(`secret not found: ${secretName}`);
    this.name = 'SecretNotFoundError';
  }
}

/**
 * The name is still held by a deleted secret: Secrets Manager purges even a force-deleted one in the
 * background, and refuses to create the name again until it is gone. Worth retrying after a pause (the
 * provisioning workflow retries it by this name, with a longer backoff than other faults).
 */
export class SecretBeingDeletedError extends Error {
  constructor(readonly secretName: string, detail: string) {
    super(`secret ${secretName} is still being deleted; try again shortly (${detail})`);
    this.name = 'SecretBeingDeleted';
  }
}
