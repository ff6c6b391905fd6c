import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planProject } from '../../../shared/domain/engine/plan-project';
import type { ConflictMode, PlanningInput, PlanningNeed, ProjectPlan } from '../../../shared/domain/engine/planning-types';

/**
 * A small in-memory model of a project run by the engine: every event (answer, timeout, pause, quantity change)
 * is followed by a refill that applies planProject's plan the way topUpNeeds writes it. The invariants of
 * SPEC §3.6 must hold after every step, whatever the sequence.
 */
const musicianIds = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];

const needArb = fc.record({
  strategy: fc.constantFrom('sequential', 'parallel', 'first_come' as const),
  quantity: fc.integer({ min: 1, max: 3 }),
  extraWave: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  localResidentsOnly: fc.boolean(),
  list: fc.shuffledSubarray(musicianIds, { minLength: 0, maxLength: 8 }),
});

const setupArb = fc.record({
  conflictMode: fc.constantFrom<ConflictMode>('first_asked', 'best_rank', 'admin_choice'),
  needs: fc.array(needArb, { minLength: 1, maxLength: 3 }),
  musicians: fc.array(fc.record({ active: fc.boolean(), localResident: fc.boolean(), hasEmail: fc.boolean() }), {
    minLength: musicianIds.length,
    maxLength: musicianIds.length,
  }),
  choices: fc.array(fc.nat(), { minLength: musicianIds.length, maxLength: musicianIds.length }),
});

type Event =
  | { kind: 'yes' | 'no' | 'timeout'; pick: number }
  | { kind: 'pause' | 'resume'; need: number }
  | { kind: 'pauseProject' | 'resumeProject' }
  | { kind: 'quantity'; need: number; delta: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('yes' as const, 'no' as const, 'timeout' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pause' as const, 'resume' as const), need: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pauseProject' as const, 'resumeProject' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('quantity' as const), need: fc.nat(), delta: fc.integer({ min: -2, max: 2 }) }) },
);

type Setup = typeof setupArb extends fc.Arbitrary<infer T> ? T : never;

function buildInput(setup: Setup): PlanningInput {
  const needs: PlanningNeed[] = setup.needs.map((n, i) => ({
    id: `n${i}`,
    instrumentSortOrder: i % 2,
    positionSortOrder: i,
    code: `NEED00${i}`,
    positionId: `p${i}`,
    quantity: n.quantity,
    strategy: n.strategy,
    maxRecipients: n.strategy === 'first_come' && n.extraWave !== null ? n.quantity + n.extraWave : null,
    localResidentsOnly: n.localResidentsOnly,
    status: 'active',
    list: n.list.map((musicianId, r) => ({ musicianId, rank: r + 1 })),
  }));
  const musicians = musicianIds.map((id, i) => ({ id, archived: false, ...setup.musicians[i] }));
  // admin_choice: a pick for some musicians, among the needs whose list holds them.
  const conflictChoices = musicianIds.flatMap((id, i) => {
    const holding = needs.filter((n) => n.list.some((e) => e.musicianId === id));
    const pick = setup.choices[i] % (holding.length + 1);
    return pick < holding.length ? [{ musicianId: id, needId: holding[pick].id }] : [];
  });
  return { projectPaused: false, conflictMode: setup.conflictMode, conflictChoices, needs, musicians, requests: [] };
}

/** What topUpNeeds writes: one pending request per ask, an exhausted status where the plan says so. */
function apply(state: PlanningInput, plan: ProjectPlan): void {
  for (const p of plan.needs) {
    const need = state.needs.find((n) => n.id === p.needId)!;
    for (const ask of p.asks) state.requests.push({ needId: p.needId, musicianId: ask.musicianId, status: 'pending', wave: ask.wave });
    if (p.asks.length > 0 && need.status === 'exhausted') need.status = 'active';
    if (p.becomesExhausted) need.status = 'exhausted';
  }
}

function counts(state: PlanningInput, needId: string) {
  const of = state.requests.filter((r) => r.needId === needId);
  return { accepted: of.filter((r) => r.status === 'accepted').length, pending: of.filter((r) => r.status === 'pending').length };
}

/** The answer side, as SPEC §3.5 describes it. */
function happen(state: PlanningInput, event: Event): void {
  switch (event.kind) {
    case 'yes':
    case 'no':
    case 'timeout': {
      const pending = state.requests.filter((r) => r.status === 'pending');
      if (pending.length === 0) return;
      const request = pending[event.pick % pending.length];
      const need = state.needs.find((n) => n.id === request.needId)!;
      if (event.kind === 'no') request.status = 'declined';
      else if (event.kind === 'timeout') request.status = 'timed_out';
      else if (counts(state, need.id).accepted >= need.quantity) request.status = 'cancelled'; // late yes: position filled
      else {
        request.status = 'accepted';
        if (counts(state, need.id).accepted === need.quantity) {
          if (need.status !== 'archived') need.status = 'filled';
          for (const r of state.requests) if (r.needId === need.id && r.status === 'pending') r.status = 'cancelled';
        }
      }
      return;
    }
    case 'pause': {
      const need = state.needs[event.need % state.needs.length];
      if (need.status === 'active' || need.status === 'exhausted') need.status = 'paused';
      return;
    }
    case 'resume': {
      const need = state.needs[event.need % state.needs.length];
      if (need.status === 'paused') need.status = 'active';
      return;
    }
    case 'pauseProject':
      state.projectPaused = true;
      return;
    case 'resumeProject':
      state.projectPaused = false;
      return;
    case 'quantity': {
      const need = state.needs[event.need % state.needs.length];
      const { accepted, pending } = counts(state, need.id);
      const quantity = Math.max(need.quantity + event.delta, accepted + pending, 1);
      if (quantity === need.quantity) return;
      need.quantity = quantity;
      if (need.maxRecipients !== null) need.maxRecipients = Math.max(need.maxRecipients, quantity);
      if (need.status === 'filled' && accepted < quantity) need.status = 'active';
      if (need.status === 'active' && accepted === quantity) need.status = 'filled';
      return;
    }
  }
}

/** Musicians a need could still ask, judged from the state alone (first_asked: no reservations). */
function candidatesLeft(state: PlanningInput, need: PlanningNeed): string[] {
  const live = new Set(state.requests.filter((r) => r.status !== 'cancelled').map((r) => r.musicianId));
  return need.list
    .map((e) => state.musicians.find((m) => m.id === e.musicianId)!)
    .filter((m) => m.active && !m.archived && m.hasEmail && !live.has(m.id) && (!need.localResidentsOnly || m.localResident))
    .map((m) => m.id);
}

function checkInvariants(state: PlanningInput): void {
  const live = state.requests.filter((r) => r.status !== 'cancelled').map((r) => r.musicianId);
  expect(new Set(live).size, 'one live request per musician per project').toBe(live.length);
  for (const need of state.needs) {
    const { accepted, pending } = counts(state, need.id);
    expect(accepted, `accepted ≤ Q for ${need.id}`).toBeLessThanOrEqual(need.quantity);
    if (need.strategy === 'sequential') expect(pending, `sequential P ≤ 1 for ${need.id}`).toBeLessThanOrEqual(1);
    if (need.strategy === 'parallel') expect(accepted + pending, `parallel A + P ≤ Q for ${need.id}`).toBeLessThanOrEqual(need.quantity);
    const running = need.status === 'active' && !state.projectPaused;
    if (state.conflictMode === 'first_asked' && running && accepted < need.quantity && candidatesLeft(state, need).length > 0) {
      if (need.strategy === 'parallel') expect(accepted + pending, `parallel A + P = Q while candidates remain (${need.id})`).toBe(need.quantity);
      else expect(pending, `${need.strategy} ${need.id} has someone asked while candidates remain`).toBeGreaterThan(0);
    }
    if (need.status === 'exhausted') expect(pending, `exhausted ${need.id} has nothing pending`).toBe(0);
  }
}

describe('planning invariants over random runs (SPEC §3.6)', () => {
  it('hold after every send, answer, timeout, pause and quantity change', () => {
    fc.assert(
      fc.property(setupArb, fc.array(eventArb, { maxLength: 40 }), (setup, events) => {
        const state = buildInput(setup);
        const refill = () => {
          const plan = planProject(structuredClone(state));
          // Preview equals send: planning the same state twice gives the same plan and fingerprint.
          expect(planProject(structuredClone(state))).toEqual(plan);
          apply(state, plan);
          checkInvariants(state);
          // A send right after a send asks nobody and tells nobody again.
          const again = planProject(structuredClone(state));
          expect(again.needs.flatMap((n) => n.asks)).toEqual([]);
          expect(again.needs.filter((n) => n.becomesExhausted)).toEqual([]);
        };
        refill();
        for (const event of events) {
          happen(state, event);
          refill();
        }
      }),
      { numRuns: 300 },
    );
  });
});
