import type { RuleViolation } from './need-rules';
import { orderViolations } from './order-violations';

/** A ranking list's new order (SPEC §2: drag and drop) must name every musician on the list exactly once. */
export function reorderViolations(current: readonly string[], proposed: readonly string[]): RuleViolation[] {
  return orderViolations('musicianIds', current, proposed, {
    duplicate: 'names a musician more than once',
    unknown: 'names musicians who are not on the list',
    missing: 'leaves out musicians who are on the list',
  });
}

/** Where an added musician goes: at the given rank (others move down), or at the end. */
export function insertionRank(entries: number, requested: number | undefined): { rank: number } | { violation: RuleViolation } {
  if (requested === undefined) return { rank: entries + 1 };
  if (!Number.isInteger(requested) || requested < 1 || requested > entries + 1) {
    return { violation: { field: 'rank', message: `must be a whole number from 1 to ${entries + 1} (the list has ${entries})` } };
  }
  return { rank: requested };
}
