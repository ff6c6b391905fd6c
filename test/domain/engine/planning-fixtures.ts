import type {
  NeedPlan,
  PlanningInput,
  PlanningMusician,
  PlanningNeed,
  PlanningRequest,
  ProjectPlan,
} from '../../../shared/domain/engine/planning-types';

/** Small builders for planning inputs: musicians m1…, needs with lists of musician ids in rank order. */
export function musician(id: string, overrides: Partial<PlanningMusician> = {}): PlanningMusician {
  return { id, active: true, archived: false, localResident: true, hasEmail: true, ...overrides };
}

export function musicians(count: number): PlanningMusician[] {
  return Array.from({ length: count }, (_, i) => musician(`m${i + 1}`));
}

export function need(id: string, list: string[], overrides: Partial<PlanningNeed> = {}): PlanningNeed {
  return {
    id,
    instrumentSortOrder: 1,
    positionSortOrder: 1,
    code: `NEED-${id}`,
    positionId: `pos-${id}`,
    quantity: 1,
    strategy: 'sequential',
    maxRecipients: null,
    localResidentsOnly: false,
    status: 'active',
    list: list.map((musicianId, i) => ({ musicianId, rank: i + 1 })),
    ...overrides,
  };
}

export function request(needId: string, musicianId: string, status: PlanningRequest['status'], wave = 1): PlanningRequest {
  return { needId, musicianId, status, wave };
}

export function input(overrides: Partial<PlanningInput>): PlanningInput {
  return { projectPaused: false, conflictMode: 'first_asked', conflictChoices: [], needs: [], musicians: [], requests: [], ...overrides };
}

export function planOf(plan: ProjectPlan, needId: string): NeedPlan {
  const found = plan.needs.find((n) => n.needId === needId);
  if (!found) throw new Error(`no plan for ${needId}`);
  return found;
}

export const asked = (plan: NeedPlan) => plan.asks.map((a) => a.musicianId);
export const skippedAs = (plan: NeedPlan) => plan.skipped.map((s) => [s.musicianId, s.reason] as const);
