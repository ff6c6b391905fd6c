import type { SecretStore } from '../aws/secret-store';

/**
 * CloudFormation's Secrets Manager dynamic reference, resolved as a deploy resolves it:
 * `{{resolve:secretsmanager:<secret-id>:SecretString:<json-key>:<version-stage>:<version-id>}}`, where the
 * secret id is a name or a full ARN and the trailing parts may be empty. Only the current version is held
 * here, so a reference naming another stage or version fails rather than answering the wrong value.
 */
export function secretsManagerReferenceResolver(secrets: SecretStore): (reference: string) => string {
  return (reference) => {
    const body = /^\{\{resolve:secretsmanager:(.+)\}\}$/.exec(reference)?.[1];
    if (!body) throw new Error(`dynamic reference ${reference}: only secretsmanager references are resolved here`);
    // An ARN holds colons of its own: arn:aws:secretsmanager:<region>:<account>:secret:<name>.
    const parts = body.split(':');
    const idLength = body.startsWith('arn:') ? 7 : 1;
    const secretId = parts.slice(0, idLength).join(':');
    const [, jsonKey = '', stage = '', versionId = ''] = parts.slice(idLength);
    if ((stage && stage !== 'AWSCURRENT') || versionId) throw new Error(`dynamic reference ${reference}: only the current version is held locally`);
    const value = secrets.read(secretId)?.value;
    if (value === undefined) throw new Error(`dynamic reference ${reference}: Secrets Manager can't find the specified secret`);
    if (!jsonKey) return value;
    const field = (JSON.parse(value) as Record<string, unknown>)[jsonKey];
    if (typeof field !== 'string') throw new Error(`dynamic reference ${reference}: the secret has no string key ${jsonKey}`);
    return field;
  };
}
