import { describe, expect, it } from 'vitest';
import { planProject } from '../../../shared/domain/engine/plan-project';
import { asked, input, musician, musicians, need, planOf, request, skippedAs } from './planning-fixtures';

const five = musicians(5);
const list5 = ['m1', 'm2', 'm3', 'm4', 'm5'];

describe('strategies (SPEC §3.2)', () => {
  it('sequential asks one at a time, whatever the quantity', () => {
    const plan = planProject(input({ needs: [need('n', list5, { quantity: 3 })], musicians: five }));
    expect(asked(planOf(plan, 'n'))).toEqual(['m1']);
    expect(planOf(plan, 'n').asks[0]).toEqual({ musicianId: 'm1', rank: 1, wave: 1 });
  });

  it('sequential waits while one is pending, and asks the next after a no or a timeout', () => {
    const waiting = planProject(input({ needs: [need('n', list5, { quantity: 2 })], musicians: five, requests: [request('n', 'm1', 'pending')] }));
    expect(planOf(waiting, 'n')).toMatchObject({ asks: [], idle: 'waiting_for_answers', pending: 1 });

    const next = planProject(
      input({
        needs: [need('n', list5, { quantity: 2 })],
        musicians: five,
        requests: [request('n', 'm1', 'declined'), request('n', 'm2', 'timed_out'), request('n', 'm3', 'accepted')],
      }),
    );
    expect(asked(planOf(next, 'n'))).toEqual(['m4']);
    expect(planOf(next, 'n')).toMatchObject({ accepted: 1, pending: 0 });
  });

  it('parallel keeps A + P = Q: asks the top Q, replaces a no, not a yes', () => {
    const first = planProject(input({ needs: [need('n', list5, { quantity: 3, strategy: 'parallel' })], musicians: five }));
    expect(asked(planOf(first, 'n'))).toEqual(['m1', 'm2', 'm3']);

    const refill = planProject(
      input({
        needs: [need('n', list5, { quantity: 3, strategy: 'parallel' })],
        musicians: five,
        requests: [request('n', 'm1', 'accepted'), request('n', 'm2', 'declined'), request('n', 'm3', 'pending')],
      }),
    );
    expect(asked(planOf(refill, 'n'))).toEqual(['m4']);
  });

  it('first_come sends a wave of maxRecipients and the next wave only when no one of it is pending', () => {
    const n = need('n', list5, { quantity: 1, strategy: 'first_come', maxRecipients: 2 });
    const wave1 = planProject(input({ needs: [n], musicians: five }));
    expect(planOf(wave1, 'n').asks).toEqual([
      { musicianId: 'm1', rank: 1, wave: 1 },
      { musicianId: 'm2', rank: 2, wave: 1 },
    ]);

    const open = planProject(input({ needs: [n], musicians: five, requests: [request('n', 'm1', 'declined'), request('n', 'm2', 'pending')] }));
    expect(planOf(open, 'n')).toMatchObject({ asks: [], idle: 'waiting_for_answers' });

    const wave2 = planProject(input({ needs: [n], musicians: five, requests: [request('n', 'm1', 'declined'), request('n', 'm2', 'timed_out')] }));
    expect(planOf(wave2, 'n').asks).toEqual([
      { musicianId: 'm3', rank: 3, wave: 2 },
      { musicianId: 'm4', rank: 4, wave: 2 },
    ]);
  });

  it('first_come without maxRecipients asks everyone eligible at once', () => {
    const plan = planProject(input({ needs: [need('n', list5, { quantity: 2, strategy: 'first_come' })], musicians: five }));
    expect(asked(planOf(plan, 'n'))).toEqual(list5);
  });

  it('a need with every seat accepted asks nobody (filled), even if its status still says active', () => {
    const plan = planProject(
      input({ needs: [need('n', list5, { quantity: 1, strategy: 'parallel' })], musicians: five, requests: [request('n', 'm1', 'accepted')] }),
    );
    expect(planOf(plan, 'n')).toMatchObject({ asks: [], idle: 'filled', becomesExhausted: false });
  });

  it('becomes exhausted when nobody is left, seats remain and nothing is pending — in every strategy', () => {
    for (const strategy of ['sequential', 'parallel', 'first_come'] as const) {
      const plan = planProject(
        input({
          needs: [need('n', ['m1', 'm2'], { quantity: 2, strategy })],
          musicians: five,
          requests: [request('n', 'm1', 'accepted'), request('n', 'm2', 'declined')],
        }),
      );
      expect(planOf(plan, 'n'), strategy).toMatchObject({ asks: [], idle: 'exhausted', becomesExhausted: true });
    }
  });

  it('with answers still out a used-up list waits instead of becoming exhausted', () => {
    const plan = planProject(
      input({ needs: [need('n', ['m1'], { quantity: 2, strategy: 'parallel' })], musicians: five, requests: [request('n', 'm1', 'pending')] }),
    );
    expect(planOf(plan, 'n')).toMatchObject({ idle: 'waiting_for_answers', becomesExhausted: false });
  });

  it('an empty list is exhausted at once', () => {
    const plan = planProject(input({ needs: [need('n', [])], musicians: five }));
    expect(planOf(plan, 'n')).toMatchObject({ idle: 'exhausted', becomesExhausted: true });
  });

  it('an exhausted need stays exhausted without telling again, and is askable again with a new candidate', () => {
    const stays = planProject(input({ needs: [need('n', ['m1'], { status: 'exhausted' })], musicians: five, requests: [request('n', 'm1', 'declined')] }));
    expect(planOf(stays, 'n')).toMatchObject({ idle: 'exhausted', becomesExhausted: false });

    const again = planProject(
      input({ needs: [need('n', ['m1', 'm2'], { status: 'exhausted' })], musicians: five, requests: [request('n', 'm1', 'declined')] }),
    );
    expect(asked(planOf(again, 'n'))).toEqual(['m2']);
  });

  it('paused, filled, archived needs and a paused project ask nobody, with the reason', () => {
    for (const status of ['paused', 'filled', 'archived'] as const) {
      const plan = planProject(input({ needs: [need('n', list5, { status })], musicians: five }));
      expect(planOf(plan, 'n'), status).toMatchObject({ asks: [], idle: status, becomesExhausted: false });
    }
    const paused = planProject(input({ projectPaused: true, needs: [need('n', list5)], musicians: five }));
    expect(planOf(paused, 'n')).toMatchObject({ asks: [], idle: 'project_paused' });
    const pausedEmpty = planProject(input({ projectPaused: true, needs: [need('n', [])], musicians: five }));
    expect(planOf(pausedEmpty, 'n')).toMatchObject({ idle: 'project_paused', becomesExhausted: false });
  });
});

describe('skip reasons (SPEC §3.1), in rank order, first applicable reason', () => {
  it('records every listed musician not asked, with the reason and details', () => {
    const people = [
      musician('inactive', { active: false }),
      musician('archived', { archived: true, active: false }),
      musician('noemail', { hasEmail: false }),
      musician('asked'),
      musician('cancelled'),
      musician('away', { localResident: false }),
      musician('ok'),
    ];
    const plan = planProject(
      input({
        needs: [need('n', ['inactive', 'archived', 'noemail', 'asked', 'cancelled', 'away', 'ok'], { localResidentsOnly: true }), need('other', [], { code: 'NEED-z' })],
        musicians: people,
        requests: [request('other', 'asked', 'declined'), request('other', 'cancelled', 'cancelled')],
      }),
    );
    const n = planOf(plan, 'n');
    // A cancelled request (seat filled before they answered) does not count against the musician.
    expect(asked(n)).toEqual(['cancelled']);
    expect(n.skipped).toEqual([
      { musicianId: 'inactive', rank: 1, reason: 'inactive' },
      { musicianId: 'archived', rank: 2, reason: 'archived' },
      { musicianId: 'noemail', rank: 3, reason: 'no_email' },
      { musicianId: 'asked', rank: 4, reason: 'already_asked_in_project', otherNeedId: 'other', requestStatus: 'declined' },
      { musicianId: 'away', rank: 6, reason: 'not_local_resident' },
    ]);
  });

  it('counts pending, accepted, timed out and withdrawn requests against the musician too, this need included', () => {
    for (const status of ['pending', 'accepted', 'declined', 'timed_out', 'withdrawn'] as const) {
      const plan = planProject(input({ needs: [need('n', ['m1', 'm2'], { quantity: 2, strategy: 'parallel' })], musicians: five, requests: [request('n', 'm1', status)] }));
      expect(skippedAs(planOf(plan, 'n')), status).toEqual([['m1', 'already_asked_in_project']]);
      expect(planOf(plan, 'n').skipped[0]).toMatchObject({ otherNeedId: 'n', requestStatus: status });
    }
  });

  it('an inactive musician on a non-local need is inactive first (the order of §3.1)', () => {
    const plan = planProject(input({ needs: [need('n', ['m1'], { localResidentsOnly: true })], musicians: [musician('m1', { active: false, localResident: false })] }));
    expect(skippedAs(planOf(plan, 'n'))).toEqual([['m1', 'inactive']]);
  });

  it('a musician unknown to the input counts as gone (archived)', () => {
    const plan = planProject(input({ needs: [need('n', ['ghost', 'm1'])], musicians: five }));
    expect(skippedAs(planOf(plan, 'n'))).toEqual([['ghost', 'archived']]);
    expect(asked(planOf(plan, 'n'))).toEqual(['m1']);
  });
});

describe('conflict modes (SPEC §3.4)', () => {
  // Two needs of one project sharing m1 and m2: violin (instrument 1) before viola (instrument 2).
  const violin = (overrides = {}) => need('violin', ['m3', 'm1', 'm2'], { instrumentSortOrder: 1, ...overrides });
  const viola = (overrides = {}) => need('viola', ['m1', 'm2', 'm4'], { instrumentSortOrder: 2, ...overrides });

  it('lists musicians on the lists of two or more open needs, whatever the mode', () => {
    const plan = planProject(input({ needs: [violin(), viola()], musicians: five }));
    expect(plan.conflicts).toEqual([
      { musicianId: 'm1', needs: [{ needId: 'violin', rank: 2 }, { needId: 'viola', rank: 1 }] },
      { musicianId: 'm2', needs: [{ needId: 'violin', rank: 3 }, { needId: 'viola', rank: 2 }] },
    ]);
    const filledOther = planProject(input({ needs: [violin(), viola({ status: 'filled' })], musicians: five }));
    expect(filledOther.conflicts).toEqual([]);
    const alreadyAsked = planProject(input({ needs: [violin(), viola()], musicians: five, requests: [request('viola', 'm1', 'declined')] }));
    expect(alreadyAsked.conflicts.map((c) => c.musicianId)).toEqual(['m2']);
  });

  it('first_asked: the earlier need in processing order takes the musician in this batch', () => {
    const plan = planProject(input({ needs: [viola({ strategy: 'parallel', quantity: 2 }), violin({ strategy: 'parallel', quantity: 2 })], musicians: five }));
    expect(plan.needs.map((n) => n.needId)).toEqual(['violin', 'viola']);
    expect(asked(planOf(plan, 'violin'))).toEqual(['m3', 'm1']);
    expect(asked(planOf(plan, 'viola'))).toEqual(['m2', 'm4']);
    expect(planOf(plan, 'viola').skipped).toEqual([{ musicianId: 'm1', rank: 1, reason: 'asked_for_other_need_in_batch', otherNeedId: 'violin' }]);
  });

  it('first_asked: a musician asked by a need that is not planned now is no batch claim', () => {
    const plan = planProject(input({ needs: [violin(), viola()], musicians: five, onlyNeedIds: ['viola'] }));
    expect(plan.needs.map((n) => n.needId)).toEqual(['viola']);
    expect(asked(planOf(plan, 'viola'))).toEqual(['m1']);
  });

  it('best_rank: reserved for the need where the rank is best; the other need skips them', () => {
    const plan = planProject(
      input({ conflictMode: 'best_rank', needs: [violin({ strategy: 'parallel', quantity: 2 }), viola({ strategy: 'parallel', quantity: 2 })], musicians: five }),
    );
    // m1: violin rank 2, viola rank 1 → viola. m2: violin 3, viola 2 → viola.
    expect(asked(planOf(plan, 'violin'))).toEqual(['m3']);
    expect(planOf(plan, 'violin').skipped).toEqual([
      { musicianId: 'm1', rank: 2, reason: 'reserved_for_other_need', otherNeedId: 'viola' },
      { musicianId: 'm2', rank: 3, reason: 'reserved_for_other_need', otherNeedId: 'viola' },
    ]);
    expect(asked(planOf(plan, 'viola'))).toEqual(['m1', 'm2']);
  });

  it('best_rank: equal ranks go to the more senior position', () => {
    const senior = need('senior', ['m1'], { instrumentSortOrder: 2, positionSortOrder: 1 });
    const tutti = need('tutti', ['m1'], { instrumentSortOrder: 1, positionSortOrder: 5 });
    const plan = planProject(input({ conflictMode: 'best_rank', needs: [tutti, senior], musicians: five }));
    expect(asked(planOf(plan, 'senior'))).toEqual(['m1']);
    expect(planOf(plan, 'tutti')).toMatchObject({ asks: [], skipped: [{ musicianId: 'm1', reason: 'reserved_for_other_need', otherNeedId: 'senior' }] });
  });

  it('best_rank: the reservation lapses when that need is filled, paused, archived or exhausted', () => {
    for (const status of ['paused', 'exhausted', 'filled', 'archived'] as const) {
      const plan = planProject(input({ conflictMode: 'best_rank', needs: [violin({ quantity: 1, strategy: 'parallel' }), viola({ status })], musicians: five }));
      expect(planOf(plan, 'violin').skipped, status).toEqual([]);
      expect(asked(planOf(plan, 'violin')), status).toEqual(['m3']);
    }
    const full = planProject(
      input({
        conflictMode: 'best_rank',
        needs: [violin({ quantity: 3, strategy: 'parallel' }), viola({ quantity: 1 })],
        musicians: five,
        requests: [request('viola', 'm4', 'accepted')],
      }),
    );
    expect(asked(planOf(full, 'violin'))).toEqual(['m3', 'm1', 'm2']);
  });

  it('best_rank: a need the musician cannot play for (locals only) holds no reservation', () => {
    const plan = planProject(
      input({
        conflictMode: 'best_rank',
        needs: [violin({ quantity: 3, strategy: 'parallel' }), viola({ localResidentsOnly: true })],
        musicians: [...five.filter((m) => m.id !== 'm1'), musician('m1', { localResident: false })],
      }),
    );
    expect(asked(planOf(plan, 'violin'))).toEqual(['m3', 'm1']);
  });

  it('a need whose only candidates are held for another need waits instead of becoming exhausted', () => {
    const only = need('only', ['m1'], { instrumentSortOrder: 3 });
    const best = need('best', ['m1', 'm2'], { instrumentSortOrder: 1, strategy: 'sequential' });
    const reserved = planProject(input({ conflictMode: 'best_rank', needs: [only, best], musicians: five, requests: [request('best', 'm2', 'pending')] }));
    expect(planOf(reserved, 'only')).toMatchObject({ asks: [], idle: 'waiting_for_other_needs', becomesExhausted: false });
    const undecided = planProject(input({ conflictMode: 'admin_choice', needs: [only, best], musicians: five }));
    expect(planOf(undecided, 'only')).toMatchObject({ asks: [], idle: 'waiting_for_other_needs', becomesExhausted: false });
    // Under first_asked the earlier need takes m1 in this batch: nobody is left for the later one.
    const claimed = planProject(input({ needs: [only, best], musicians: five }));
    expect(planOf(claimed, 'only')).toMatchObject({ idle: 'exhausted', becomesExhausted: true });
  });

  it('admin_choice: conflicted musicians wait for a pick; with a pick only that need asks them', () => {
    const waiting = planProject(input({ conflictMode: 'admin_choice', needs: [violin({ quantity: 3, strategy: 'parallel' }), viola({ quantity: 3, strategy: 'parallel' })], musicians: five }));
    expect(skippedAs(planOf(waiting, 'violin'))).toEqual([
      ['m1', 'awaiting_admin_choice'],
      ['m2', 'awaiting_admin_choice'],
    ]);
    expect(asked(planOf(waiting, 'viola'))).toEqual(['m4']);

    const chosen = planProject(
      input({
        conflictMode: 'admin_choice',
        conflictChoices: [
          { musicianId: 'm1', needId: 'viola' },
          { musicianId: 'm2', needId: 'violin' },
        ],
        needs: [violin({ quantity: 3, strategy: 'parallel' }), viola({ quantity: 3, strategy: 'parallel' })],
        musicians: five,
      }),
    );
    expect(asked(planOf(chosen, 'violin'))).toEqual(['m3', 'm2']);
    expect(asked(planOf(chosen, 'viola'))).toEqual(['m1', 'm4']);
    expect(planOf(chosen, 'violin').skipped).toEqual([{ musicianId: 'm1', rank: 2, reason: 'reserved_for_other_need', otherNeedId: 'viola' }]);
    expect(chosen.conflicts.find((c) => c.musicianId === 'm1')?.chosenNeedId).toBe('viola');
  });
});

describe('fingerprint (SPEC §3.3)', () => {
  const base = input({ needs: [need('n', list5, { quantity: 2, strategy: 'parallel' })], musicians: five });

  it('is the same for the same input and differs when the asks differ', () => {
    expect(planProject(base).fingerprint).toBe(planProject(structuredClone(base)).fingerprint);
    expect(planProject(base).fingerprint).toMatch(/^[0-9a-f]{32}$/);
    const changed = planProject({ ...base, requests: [request('n', 'm1', 'declined')] });
    expect(changed.fingerprint).not.toBe(planProject(base).fingerprint);
  });

  it('does not depend on the order of the input arrays', () => {
    const shuffled = { ...base, musicians: [...five].reverse(), needs: [{ ...base.needs[0], list: [...base.needs[0].list].reverse() }] };
    expect(planProject(shuffled).fingerprint).toBe(planProject(base).fingerprint);
  });
});
