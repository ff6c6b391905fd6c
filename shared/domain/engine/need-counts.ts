import type { PlanningNeed, PlanningRequest } from './planning-types';

/** A need's accepted (A) and pending (P) requests and its latest first_come wave. */
export interface NeedCounts {
  accepted: number;
  pending: number;
  maxWave: number;
}

export function needCounts(needs: PlanningNeed[], requests: PlanningRequest[]): Map<string, NeedCounts> {
  const counts = new Map<string, NeedCounts>(needs.map((n) => [n.id, { accepted: 0, pending: 0, maxWave: 0 }]));
  for (const r of requests) {
    const c = counts.get(r.needId);
    if (!c) continue;
    if (r.status === 'accepted') c.accepted += 1;
    if (r.status === 'pending') c.pending += 1;
    c.maxWave = Math.max(c.maxWave, r.wave);
  }
  return counts;
}

/** SPEC §3.3: instrument order, then position seniority (lower is more senior), then the need's code. */
export function processingOrder(needs: PlanningNeed[]): PlanningNeed[] {
  return [...needs].sort(
    (a, b) =>
      a.instrumentSortOrder - b.instrumentSortOrder ||
      a.positionSortOrder - b.positionSortOrder ||
      compareCodes(a.code, b.code),
  );
}

/** NEED002 before NEED010 before NEED1000: shorter codes are older once the number outgrows the padding. */
function compareCodes(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
