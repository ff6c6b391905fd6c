/**
 * IAM's ArnLike: the six colon-separated parts of an ARN are compared one by one, each with `*` (any run,
 * `/` included) and `?` (one character) as wildcards; a wildcard never spans a colon between parts.
 */
export function arnLike(pattern: string, arn: string): boolean {
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (!patternParts || !arnParts) return pattern === arn;
  return patternParts.every((part, i) => globMatches(part, arnParts[i]!));
}

/** `arn:partition:service:region:account:resource`, the resource part keeping any further colons. */
function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export function globMatches(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}
