import type { IdleReason, ProjectPlan, SkipReason } from './planning-types';

/** Why a send asked nobody, in one word: the reason every planned need shares, or 'mixed'. */
export type NobodyAskedReason = 'already_asked' | 'paused' | 'filled' | 'everyone_skipped' | 'no_open_needs' | 'mixed';

export interface NobodyAsked {
  reason: NobodyAskedReason;
  /** The same in a sentence with the counts, for API clients; the web app words it from the codes. */
  message: string;
  /** The planned needs by why each asks nobody now. */
  needsByReason: Partial<Record<IdleReason, number>>;
  /** The skips on those needs' lists by reason (a musician on two needs' lists counts on each). */
  skippedByReason: Partial<Record<SkipReason, number>>;
}

const reasonOfIdle: Record<IdleReason, Exclude<NobodyAskedReason, 'mixed'>> = {
  waiting_for_answers: 'already_asked',
  paused: 'paused',
  project_paused: 'paused',
  filled: 'filled',
  archived: 'no_open_needs',
  exhausted: 'everyone_skipped',
  waiting_for_other_needs: 'everyone_skipped',
};

const idleWords: Record<IdleReason, string> = {
  waiting_for_answers: 'waiting for answers',
  paused: 'paused',
  project_paused: 'in a paused project',
  filled: 'filled',
  archived: 'archived',
  exhausted: 'with nobody left on the list',
  waiting_for_other_needs: 'with everyone left held for another need',
};

const skipWords: Record<SkipReason, string> = {
  inactive: 'inactive',
  archived: 'archived',
  no_email: 'without an email address',
  already_asked_in_project: 'already asked in this project',
  not_local_resident: 'not local residents',
  reserved_for_other_need: 'reserved for another need',
  awaiting_admin_choice: 'waiting for your choice of need',
  asked_for_other_need_in_batch: 'asked for another need in this send',
};

const sentences: Record<Exclude<NobodyAskedReason, 'mixed'>, string> = {
  already_asked: 'every open need already has its requests out and waits for answers',
  paused: 'every open need is paused',
  filled: 'every need is filled',
  everyone_skipped: 'every musician left on the lists was skipped',
  no_open_needs: 'the project has no open needs',
};

/**
 * When a send's plan asks nobody, why — everything already asked, paused, filled, or every candidate
 * skipped — with the needs and the skipped musicians counted by reason, so an empty send is never a bare
 * 200 with empty lists. Null when the plan asks someone.
 */
export function whyNobodyAsked(plan: ProjectPlan): NobodyAsked | null {
  if (plan.needs.some((n) => n.asks.length > 0)) return null;
  const needsByReason: Partial<Record<IdleReason, number>> = {};
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  for (const need of plan.needs) {
    const idle = need.idle!; // a need plan that asks nobody always says why
    needsByReason[idle] = (needsByReason[idle] ?? 0) + 1;
    for (const s of need.skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  }
  // Archived needs are closed for good: they decide the reason only when nothing else is left.
  const idles = (Object.keys(needsByReason) as IdleReason[]).filter((idle, _, all) => idle !== 'archived' || all.length === 1);
  const reasons = new Set(idles.map((idle) => reasonOfIdle[idle]));
  const reason: NobodyAskedReason = reasons.size === 0 ? 'no_open_needs' : reasons.size === 1 ? [...reasons][0] : 'mixed';

  const counted = <K extends string>(counts: Partial<Record<K, number>>, words: Record<K, string>) =>
    (Object.entries(counts) as [K, number][]).map(([key, count]) => `${count} ${words[key]}`).join(', ');
  const needs = counted(needsByReason, idleWords);
  const skipped = counted(skippedByReason, skipWords);
  const detail = () => (Object.keys(needsByReason).length > 1 ? ` (${needs})` : plan.needs.length > 1 ? ` (${plan.needs.length} needs)` : '');
  const why =
    reason === 'mixed'
      ? `of ${plan.needs.length} needs, ${needs}`
      : reason === 'paused' && needsByReason.project_paused
        ? 'the project is paused'
        : `${sentences[reason]}${detail()}`;
  return {
    reason,
    message: `Nobody was asked: ${why}.${skipped ? ` Skipped on the lists: ${skipped}.` : ''}`,
    needsByReason,
    skippedByReason,
  };
}
