import type { RuleViolation } from './need-rules';

/** How a refused order is described, e.g. "names a musician more than once: …". */
export interface OrderWording {
  duplicate: string;
  unknown: string;
  missing: string;
}

/**
 * A reorder sets a whole order in one request, so it must name every current item exactly once — nothing
 * added, nothing dropped. A partial or stale order (changed in another tab meanwhile) is refused rather
 * than guessed at.
 */
export function orderViolations(field: string, current: readonly string[], proposed: readonly string[], wording: OrderWording): RuleViolation[] {
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
  const violations: RuleViolation[] = [];
  if (duplicates.size > 0) violations.push({ field, message: `${wording.duplicate}: ${[...duplicates].join(', ')}` });
  if (unknown.length > 0) violations.push({ field, message: `${wording.unknown}: ${unknown.join(', ')}` });
  if (missing.length > 0) violations.push({ field, message: `${wording.missing}: ${missing.join(', ')}` });
  return violations;
}
