import { alphabets, deterministicToken } from './deterministic-tokens.js';

/** How CloudFormation generates a physical name for a resource whose template does not set one. */
export interface GeneratedNameRule {
  /** The service's limit on the name's length. */
  maxLength: number;
  /** `stack-logicalId-SUFFIX` (most types) or `logicalId-SUFFIX` (state machines, secrets, layers). */
  withStackName: boolean;
  /** Alphabet of the random suffix CloudFormation appends. */
  suffixAlphabet: string;
  suffixLength?: number;
  /** Buckets, DB identifiers: the whole name in lower case. */
  lowercase?: boolean;
}

/**
 * `<stack>-<logicalId>-<SUFFIX>` trimmed to the service's limit as CloudFormation trims it: the random suffix is
 * kept whole, the logical id is shortened first, then the stack name. The suffix is deterministic per resource.
 */
export function generatedPhysicalName(stack: string, logicalId: string, rule: GeneratedNameRule): string {
  const suffixLength = rule.suffixLength ?? 12;
  const suffix = deterministicToken(`${stack}/${logicalId}/name`, suffixLength, rule.suffixAlphabet);
  const separators = rule.withStackName ? 2 : 1;
  const budget = rule.maxLength - suffixLength - separators;
  let stackPart = rule.withStackName ? stack : '';
  let logicalPart = logicalId;
  if (stackPart.length + logicalPart.length > budget) {
    stackPart = stackPart.slice(0, Math.max(budget - logicalPart.length, Math.ceil(budget / 2)));
    logicalPart = logicalPart.slice(0, budget - stackPart.length);
    // A cut that ends on a hyphen would leave `--` before the next part.
    stackPart = stackPart.replace(/-+$/, '');
  }
  const name = rule.withStackName ? `${stackPart}-${logicalPart}-${suffix}` : `${logicalPart}-${suffix}`;
  return rule.lowercase ? name.toLowerCase() : name;
}

export const nameRules = {
  /** Lambda functions, log groups, queues: mixed-case suffix. */
  mixed: (maxLength: number): GeneratedNameRule => ({ maxLength, withStackName: true, suffixAlphabet: alphabets.mixedAlnum }),
  /** IAM roles and policies, alarms, rules, topics: upper-case suffix. */
  upper: (maxLength: number): GeneratedNameRule => ({ maxLength, withStackName: true, suffixAlphabet: alphabets.upperAlnum }),
  /** Buckets and database identifiers: all lower case. */
  lower: (maxLength: number): GeneratedNameRule => ({
    maxLength,
    withStackName: true,
    suffixAlphabet: alphabets.lowerAlnum,
    lowercase: true,
  }),
  /** State machines, secrets, layers, dashboards: no stack name. */
  logicalOnly: (maxLength: number): GeneratedNameRule => ({ maxLength, withStackName: false, suffixAlphabet: alphabets.mixedAlnum }),
} as const;

/** The six characters Secrets Manager appends to a secret's name in its ARN, deterministic from the name. */
export function secretArnSuffix(secretName: string): string {
  return deterministicToken(`secret:${secretName}`, 6, alphabets.mixedAlnum);
}

/** S3's rules for a bucket name: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit. */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
