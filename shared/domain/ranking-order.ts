import type { RuleViolation } from './need-rules';

/**
 * A reorder sets a list's whole order in one request (SPEC §2: drag and drop), so the new order must name
 * every musician on the list exactly once — nothing added, nothing dropped. A partial or stale order (the
 * list changed in another tab) is refused rather than guessed at.
 */
export function reorderViolations(current: readonly string[], proposed: readonly string[]): RuleViolation[] {
  const onList = new Set(current);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknown: string[] = [];
  for (const id of proposed) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
    if (!onList.has(id)) unknown.push(id);
  }
  const missing = current.filter((id) => !seen.has(id));
  const violations: RuleViolation[] = [];
  if (duplicates.size > 0) violations.push({ field: 'musicianIds', message: `names a musician more than once: ${[...duplicates].join(', ')}` });
  if (unknown.length > 0) violations.push({ field: 'musicianIds', message: `names musicians who are not on the list: ${unknown.join(', ')}` });
  if (missing.length > 0) violations.push({ field: 'musicianIds', message: `leaves out musicians who are on the list: ${missing.join(', ')}` });
  return violations;
}

/** Where an added musician goes: at the given rank (others move down), or at the end. */
export function insertionRank(entries: number, requested: number | undefined): { rank: number } | { violation: RuleViolation } {
  if (requested === undefined) return { rank: entries + 1 };
  if (!Number.isInteger(requested) || requested < 1 || requested > entries + 1) {
    return { violation: { field: 'rank', message: `must be a whole number from 1 to ${entries + 1} (the list has ${entries})` } };
  }
  return { rank: requested };
}
