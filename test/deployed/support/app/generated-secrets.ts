import { randomInt } from 'node:crypto';
import type { SeededSecret } from '../aws/secret-store';
import type { GenerateSecretString, SecretToCreate } from '../templates';

const lowercase = 'abcdefghijklmnopqrstuvwxyz';
const uppercase = lowercase.toUpperCase();
const digits = '0123456789';
const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A random string as Secrets Manager's GetRandomPassword makes one for GenerateSecretString. */
export function generatedPassword(spec: GenerateSecretString): string {
  const classes = [
    spec.ExcludeLowercase ? '' : lowercase,
    spec.ExcludeUppercase ? '' : uppercase,
    spec.ExcludeNumbers ? '' : digits,
    spec.ExcludePunctuation ? '' : punctuation,
    spec.IncludeSpace ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((c) => !(spec.ExcludeCharacters ?? '').includes(c)).join(''))
    .filter((chars) => chars.length > 0);
  const length = spec.PasswordLength ?? 32;
  const all = classes.join('');
  for (;;) {
    const password = Array.from({ length }, () => all[randomInt(all.length)]).join('');
    // RequireEachIncludedType defaults to true.
    if (spec.RequireEachIncludedType === false || classes.every((chars) => [...password].some((c) => chars.includes(c)))) return password;
  }
}

/**
 * The value CloudFormation leaves in a secret: its SecretString, or the generated one (the template JSON with
 * the generated key), with what a SecretTargetAttachment adds once the cluster exists (engine, host, port …).
 */
export function secretValueAsDeployed(secret: SecretToCreate): string {
  if (secret.secretString !== undefined) return secret.secretString;
  const generate = secret.generateSecretString;
  if (!generate) throw new Error(`${secret.stack}/${secret.logicalId}: neither SecretString nor GenerateSecretString`);
  if (!generate.GenerateStringKey) return generatedPassword(generate);
  const value = JSON.parse(generate.SecretStringTemplate ?? '{}') as Record<string, unknown>;
  value[generate.GenerateStringKey] = generatedPassword(generate);
  if (secret.targetAttachment) Object.assign(value, secret.targetAttachment.fields);
  return JSON.stringify(value);
}

export function seededSecrets(secrets: readonly SecretToCreate[]): SeededSecret[] {
  return secrets.map((secret) => ({ name: secret.name, arn: secret.arn, value: secretValueAsDeployed(secret), tags: secret.tags }));
}
