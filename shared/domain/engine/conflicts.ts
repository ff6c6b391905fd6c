import type { NeedCounts } from './need-counts';
import type { ConflictedMusician, PlanningInput, PlanningMusician, PlanningNeed, PlanningRequest } from './planning-types';

/** Needs that may still ask someone some day: filled and archived needs take part in no conflict. */
function isOpen(need: PlanningNeed): boolean {
  return need.status === 'active' || need.status === 'paused' || need.status === 'exhausted';
}

/**
 * SPEC §3.4: musicians on the lists of several open needs of the project. Only musicians who could really be
 * asked for both count: someone inactive, without an address, already asked in the project, or not a local
 * resident for a locals-only need is no conflict for the admin to settle. Needs in processing order.
 */
export function conflictedMusicians(
  input: PlanningInput,
  ordered: PlanningNeed[],
  musicians: Map<string, PlanningMusician>,
  liveRequest: Map<string, PlanningRequest>,
): ConflictedMusician[] {
  const byMusician = new Map<string, { needId: string; rank: number }[]>();
  for (const need of ordered) {
    if (!isOpen(need)) continue;
    for (const entry of need.list) {
      const m = musicians.get(entry.musicianId);
      if (!m || m.archived || !m.active || !m.hasEmail || liveRequest.has(m.id)) continue;
      if (need.localResidentsOnly && !m.localResident) continue;
      const list = byMusician.get(m.id) ?? [];
      if (!list.some((n) => n.needId === need.id)) list.push({ needId: need.id, rank: entry.rank });
      byMusician.set(m.id, list);
    }
  }
  const choices = new Map(input.conflictChoices.map((c) => [c.musicianId, c.needId]));
  const conflicts: ConflictedMusician[] = [];
  for (const [musicianId, needs] of byMusician) {
    if (needs.length < 2) continue;
    const chosen = choices.get(musicianId);
    const conflict: ConflictedMusician = { musicianId, needs };
    if (chosen !== undefined && needs.some((n) => n.needId === chosen)) conflict.chosenNeedId = chosen;
    conflicts.push(conflict);
  }
  return conflicts;
}

/**
 * The need each conflicted musician is held for: best_rank → the need where their rank is best (ties: the more
 * senior position), among needs that are active with seats left, so the reservation lapses when that need is
 * filled, paused, archived or exhausted; admin_choice → the admin's pick, or 'undecided' until there is one.
 * first_asked reserves nobody: processing order decides.
 */
export function reservationsFor(
  input: PlanningInput,
  ordered: PlanningNeed[],
  counts: Map<string, NeedCounts>,
  conflicts: ConflictedMusician[],
): Map<string, string | 'undecided'> {
  const reservations = new Map<string, string | 'undecided'>();
  if (input.conflictMode === 'first_asked') return reservations;
  if (input.conflictMode === 'admin_choice') {
    for (const c of conflicts) reservations.set(c.musicianId, c.chosenNeedId ?? 'undecided');
    return reservations;
  }
  const position = new Map(ordered.map((n, i) => [n.id, { need: n, order: i }]));
  for (const c of conflicts) {
    let best: { needId: string; rank: number; seniority: number; order: number } | null = null;
    for (const { needId, rank } of c.needs) {
      const { need, order } = position.get(needId)!;
      const count = counts.get(needId)!;
      if (need.status !== 'active' || count.accepted >= need.quantity) continue;
      const candidate = { needId, rank, seniority: need.positionSortOrder, order };
      if (
        !best ||
        candidate.rank < best.rank ||
        (candidate.rank === best.rank && (candidate.seniority < best.seniority || (candidate.seniority === best.seniority && candidate.order < best.order)))
      ) {
        best = candidate;
      }
    }
    if (best) reservations.set(c.musicianId, best.needId);
  }
  return reservations;
}
