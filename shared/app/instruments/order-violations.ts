import type { FieldError } from '../../http/errors';

/**
 * A reorder sets the whole order in one request, so it must name every current item exactly once: a
 * partial or stale order (changed in another tab meanwhile) is refused rather than guessed at.
 */
export function orderViolations(field: string, noun: string, current: readonly string[], proposed: readonly string[]): FieldError[] {
  const known = new Set(current);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknown: string[] = [];
  for (const id of proposed) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
    if (!known.has(id)) unknown.push(id);
  }
  const missing = current.filter((id) => !seen.has(id));
  const violations: FieldError[] = [];
  if (duplicates.size > 0) violations.push({ field, message: `names ${noun}s more than once: ${[...duplicates].join(', ')}` });
  if (unknown.length > 0) violations.push({ field, message: `names ${noun}s that are not in this order (unknown or archived): ${unknown.join(', ')}` });
  if (missing.length > 0) violations.push({ field, message: `leaves out ${noun}s: ${missing.join(', ')}` });
  return violations;
}
