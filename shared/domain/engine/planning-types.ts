/**
 * The contract of the request engine's one planning function (SPEC §3.1–3.4): preview and send both call
 * `planProject` (shared/domain/engine/plan-project.ts) with this input and act on its output. Pure data:
 * the app layer loads it from the database, the domain decides, the app layer writes what was decided.
 */
export type Strategy = 'sequential' | 'parallel' | 'first_come';
export type ConflictMode = 'first_asked' | 'best_rank' | 'admin_choice';
export type NeedStatus = 'active' | 'paused' | 'filled' | 'exhausted' | 'archived';
export type RequestStatus = 'pending' | 'accepted' | 'declined' | 'timed_out' | 'cancelled' | 'withdrawn';

export interface PlanningMusician {
  id: string;
  active: boolean;
  archived: boolean;
  localResident: boolean;
  /** False when the musician has no email address (or it was erased): nobody can be asked without one. */
  hasEmail: boolean;
}

export interface PlanningNeed {
  id: string;
  /** Processing order (SPEC §3.3): instrument order, then position seniority (lower is more senior), then need code. */
  instrumentSortOrder: number;
  positionSortOrder: number;
  code: string;
  positionId: string;
  quantity: number;
  strategy: Strategy;
  /** first_come only: size of one wave; null = every eligible musician. */
  maxRecipients: number | null;
  localResidentsOnly: boolean;
  status: NeedStatus;
  /** The need's list (A/B/C or custom), rank 1 first. */
  list: { musicianId: string; rank: number }[];
}

export interface PlanningRequest {
  needId: string;
  musicianId: string;
  status: RequestStatus;
  wave: number;
}

export interface PlanningInput {
  projectPaused: boolean;
  conflictMode: ConflictMode;
  /** admin_choice: the need each conflicted musician may be asked for. */
  conflictChoices: { musicianId: string; needId: string }[];
  needs: PlanningNeed[];
  musicians: PlanningMusician[];
  /** Every request of the project, whatever its status. */
  requests: PlanningRequest[];
  /** Plan only these needs (one-need send, refill after an answer); the others still count for conflicts. */
  onlyNeedIds?: string[];
}

export type SkipReason =
  | 'inactive' // §3.1.1
  | 'archived' // §3.1.1
  | 'no_email' // cannot be asked at all
  | 'already_asked_in_project' // §3.1.2; detail: the other request's need and status
  | 'not_local_resident' // §3.1.3
  | 'reserved_for_other_need' // §3.1.4 (best_rank, or admin_choice with a choice elsewhere); detail: that need
  | 'awaiting_admin_choice' // §3.4 admin_choice: conflicted and not yet assigned by the admin
  | 'asked_for_other_need_in_batch'; // §3.1.5; detail: that need

export interface SkippedMusician {
  musicianId: string;
  rank: number;
  reason: SkipReason;
  /** The other need involved (reasons 2, 4, 5) and, for reason 2, that request's status. */
  otherNeedId?: string;
  requestStatus?: RequestStatus;
}

export interface PlannedAsk {
  musicianId: string;
  rank: number;
  /** first_come wave number (1 for the first); always 1 for sequential and parallel. */
  wave: number;
}

/** Why a need asks nobody now (when `asks` is empty). */
export type IdleReason =
  | 'filled' // A = Q
  | 'paused' // the need is paused
  | 'project_paused'
  | 'archived'
  | 'waiting_for_answers' // sequential with one pending, parallel with A + P = Q, first_come wave still open
  // Nobody askable now, but listed musicians are held for another open need (best_rank) or wait for the admin's
  // pick (admin_choice): the list is not used up, so the need is not exhausted (extension of the first contract).
  | 'waiting_for_other_needs'
  | 'exhausted'; // nobody left to ask and seats remain with nothing pending: the need becomes/stays exhausted

export interface NeedPlan {
  needId: string;
  quantity: number;
  accepted: number;
  pending: number;
  /** Whom to ask now, in rank order. */
  asks: PlannedAsk[];
  /** Every other musician on the list, in rank order, with the reason (already-asked ones included). */
  skipped: SkippedMusician[];
  /** Set when `asks` is empty. */
  idle?: IdleReason;
  /** True when this plan turns the need exhausted (status was not 'exhausted' before): the admins get told. */
  becomesExhausted: boolean;
}

export interface ConflictedMusician {
  musicianId: string;
  /** Needs of the project whose list holds this musician, with their rank there. */
  needs: { needId: string; rank: number }[];
  /** admin_choice: the stored pick, if any. */
  chosenNeedId?: string;
}

export interface ProjectPlan {
  /** Needs in processing order (only the planned ones when `onlyNeedIds` was given). */
  needs: NeedPlan[];
  /** Musicians on the lists of several open needs of the project (SPEC §3.4), for the project page. */
  conflicts: ConflictedMusician[];
  /** Stable digest of every need's asks; a send carrying a different one is refused with 409. */
  fingerprint: string;
}
