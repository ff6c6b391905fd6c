import { createHash } from 'node:crypto';
import { conflictedMusicians, reservationsFor } from './conflicts';
import { needCounts, processingOrder, type NeedCounts } from './need-counts';
import type {
  IdleReason,
  NeedPlan,
  PlannedAsk,
  PlanningInput,
  PlanningMusician,
  PlanningNeed,
  PlanningRequest,
  ProjectPlan,
  SkippedMusician,
} from './planning-types';

/**
 * The one planning function (SPEC §3.1–3.4): preview shows its result, send writes it. Pure: the same input
 * always gives the same plan and fingerprint.
 */
export function planProject(input: PlanningInput): ProjectPlan {
  const musicians = new Map(input.musicians.map((m) => [m.id, m]));
  const ordered = processingOrder(input.needs);
  const counts = needCounts(input.needs, input.requests);
  const liveRequest = liveRequestByMusician(input.requests);
  const conflicts = conflictedMusicians(input, ordered, musicians, liveRequest);
  const reservations = reservationsFor(input, ordered, counts, conflicts);
  const only = input.onlyNeedIds ? new Set(input.onlyNeedIds) : null;

  // §3.1.5: whoever an earlier need asks in this batch is taken for the later ones.
  const claimedInBatch = new Map<string, string>();
  const needs: NeedPlan[] = [];
  for (const need of ordered) {
    if (only && !only.has(need.id)) continue;
    const plan = planNeed(need, counts.get(need.id)!, {
      input,
      musicians,
      liveRequest,
      reservations,
      claimedInBatch,
    });
    for (const ask of plan.asks) claimedInBatch.set(ask.musicianId, need.id);
    needs.push(plan);
  }
  // A need waiting for musicians held elsewhere is used up after all when this very batch asks every one of
  // them for the need holding them (that need may come later in the order, hence a second pass).
  for (const plan of needs) {
    if (plan.idle !== 'waiting_for_other_needs') continue;
    const held = plan.skipped.filter((s) => s.reason === 'reserved_for_other_need' || s.reason === 'awaiting_admin_choice');
    if (held.every((s) => claimedInBatch.has(s.musicianId))) {
      const status = input.needs.find((n) => n.id === plan.needId)!.status;
      plan.idle = 'exhausted';
      plan.becomesExhausted = status !== 'exhausted';
    }
  }
  return { needs, conflicts, fingerprint: planFingerprint(needs) };
}

interface PlanningContext {
  input: PlanningInput;
  musicians: Map<string, PlanningMusician>;
  liveRequest: Map<string, PlanningRequest>;
  /** Musician → the one need they may be asked for (best_rank, admin_choice), or 'undecided' (admin_choice). */
  reservations: Map<string, string | 'undecided'>;
  claimedInBatch: Map<string, string>;
}

function planNeed(need: PlanningNeed, count: NeedCounts, ctx: PlanningContext): NeedPlan {
  const skipped: SkippedMusician[] = [];
  const eligible: { musicianId: string; rank: number }[] = [];
  for (const entry of [...need.list].sort((a, b) => a.rank - b.rank)) {
    const skip = skipReason(need, entry.musicianId, ctx);
    if (skip) skipped.push({ musicianId: entry.musicianId, rank: entry.rank, ...skip });
    else eligible.push(entry);
  }

  const base = { needId: need.id, quantity: need.quantity, accepted: count.accepted, pending: count.pending, skipped };
  const idle = (reason: IdleReason, becomesExhausted = false): NeedPlan => ({ ...base, asks: [], idle: reason, becomesExhausted });

  if (need.status === 'archived') return idle('archived');
  if (need.status === 'filled' || count.accepted >= need.quantity) return idle('filled');
  if (need.status === 'paused') return idle('paused');
  if (ctx.input.projectPaused) return idle('project_paused');

  const seatsOpen = need.quantity - count.accepted - count.pending;
  let wanted: number;
  let wave = 1;
  switch (need.strategy) {
    case 'sequential':
      wanted = count.pending > 0 ? 0 : 1;
      break;
    case 'parallel':
      wanted = Math.max(0, seatsOpen);
      break;
    case 'first_come':
      // A wave stays open while anyone of it is pending; only then does the next one go out.
      wanted = count.pending > 0 ? 0 : (need.maxRecipients ?? Number.POSITIVE_INFINITY);
      wave = count.maxWave + 1;
      break;
  }

  if (wanted === 0) return idle('waiting_for_answers');
  if (eligible.length === 0) {
    // Nobody left while seats remain: with answers still out the need waits, otherwise it is used up (§3.2).
    if (count.pending > 0) return idle('waiting_for_answers');
    // Musicians held for another need come free when that need closes or the admin picks: not used up yet.
    if (skipped.some((s) => s.reason === 'reserved_for_other_need' || s.reason === 'awaiting_admin_choice')) {
      return idle('waiting_for_other_needs');
    }
    return idle('exhausted', need.status !== 'exhausted');
  }
  const asks: PlannedAsk[] = eligible.slice(0, wanted).map((e) => ({ musicianId: e.musicianId, rank: e.rank, wave }));
  return { ...base, asks, becomesExhausted: false };
}

/** SPEC §3.1, in its order: the first reason that applies is the one shown. */
function skipReason(need: PlanningNeed, musicianId: string, ctx: PlanningContext): Omit<SkippedMusician, 'musicianId' | 'rank'> | null {
  const musician = ctx.musicians.get(musicianId);
  if (!musician || musician.archived) return { reason: 'archived' };
  if (!musician.active) return { reason: 'inactive' };
  if (!musician.hasEmail) return { reason: 'no_email' };
  const live = ctx.liveRequest.get(musicianId);
  if (live) return { reason: 'already_asked_in_project', otherNeedId: live.needId, requestStatus: live.status };
  if (need.localResidentsOnly && !musician.localResident) return { reason: 'not_local_resident' };
  const reserved = ctx.reservations.get(musicianId);
  if (reserved === 'undecided') return { reason: 'awaiting_admin_choice' };
  if (reserved !== undefined && reserved !== need.id) return { reason: 'reserved_for_other_need', otherNeedId: reserved };
  const claimed = ctx.claimedInBatch.get(musicianId);
  if (claimed !== undefined && claimed !== need.id) return { reason: 'asked_for_other_need_in_batch', otherNeedId: claimed };
  return null;
}

/** The request that counts against a musician in this project (every status but cancelled, §3.1.2). */
function liveRequestByMusician(requests: PlanningRequest[]): Map<string, PlanningRequest> {
  const live = new Map<string, PlanningRequest>();
  for (const r of requests) if (r.status !== 'cancelled' && !live.has(r.musicianId)) live.set(r.musicianId, r);
  return live;
}

/** Digest of whom the plan asks, need by need: equal plans give equal fingerprints, whatever else changed. */
export function planFingerprint(needs: NeedPlan[]): string {
  const canonical = needs.map((n) => [n.needId, n.asks.map((a) => [a.musicianId, a.wave])]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32);
}
