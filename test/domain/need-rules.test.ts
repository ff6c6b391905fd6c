import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  needChangeRefusals,
  needListViolations,
  needSettingsViolations,
  statusAfterQuantityChange,
  type NeedFacts,
  type NeedSettings,
} from '../../shared/domain/need-rules';
import { insertionRank, reorderViolations } from '../../shared/domain/ranking-order';
import { needCreateBody } from '../../shared/schemas/projects';

const base: NeedSettings = { quantity: 2, strategy: 'sequential', maxRecipients: null, responseHours: 48 };
const fields = (s: Partial<NeedSettings>) => needSettingsViolations({ ...base, ...s }).map((v) => v.field);

describe('need settings (SPEC §3.2)', () => {
  it('accepts every strategy with any quantity from 1, and first_come with or without a wave size', () => {
    for (const strategy of ['sequential', 'parallel', 'first_come'] as const) {
      expect(fields({ strategy, quantity: 1 })).toEqual([]);
      expect(fields({ strategy, quantity: 40 })).toEqual([]);
    }
    expect(fields({ strategy: 'first_come', quantity: 3, maxRecipients: 3 })).toEqual([]);
    expect(fields({ strategy: 'first_come', quantity: 3, maxRecipients: null })).toEqual([]);
  });

  it('refuses a quantity below 1 or not whole', () => {
    expect(fields({ quantity: 0 })).toEqual(['quantity']);
    expect(fields({ quantity: 1.5 })).toEqual(['quantity']);
    expect(fields({ quantity: 501 })).toEqual(['quantity']);
  });

  it('keeps the response time between 1 and 4500 hours', () => {
    expect(fields({ responseHours: 1 })).toEqual([]);
    expect(fields({ responseHours: 4500 })).toEqual([]);
    expect(fields({ responseHours: 0 })).toEqual(['responseHours']);
    expect(fields({ responseHours: 4501 })).toEqual(['responseHours']);
    expect(fields({ responseHours: 2.5 })).toEqual(['responseHours']);
  });

  it('allows max recipients only for first_come, and never below the quantity', () => {
    expect(needSettingsViolations({ ...base, strategy: 'parallel', maxRecipients: 5 })).toEqual([
      { field: 'maxRecipients', message: 'only applies to the first_come strategy; leave it empty' },
    ]);
    expect(needSettingsViolations({ ...base, strategy: 'first_come', quantity: 3, maxRecipients: 2 })[0].message).toMatch(
      /at least the quantity \(3\)/,
    );
    expect(fields({ strategy: 'first_come', maxRecipients: 0 })).toEqual(['maxRecipients']);
    // No list is longer, and 2^31 would not fit the integer column.
    expect(fields({ strategy: 'first_come', maxRecipients: 5000 })).toEqual([]);
    expect(fields({ strategy: 'first_come', maxRecipients: 5001 })).toEqual(['maxRecipients']);
    expect(fields({ strategy: 'first_come', maxRecipients: 2 ** 31 })).toEqual(['maxRecipients']);
  });

  it('agrees with the database check for every combination (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2, max: 600 }),
        fc.constantFrom('sequential', 'parallel', 'first_come'),
        fc.option(fc.integer({ min: -2, max: 700 })),
        fc.integer({ min: -5, max: 5000 }),
        (quantity, strategy, maxRecipients, responseHours) => {
          const ok = needSettingsViolations({ quantity, strategy, maxRecipients, responseHours }).length === 0;
          // The table's checks (quantity >= 1, 1..4500 hours, max_recipients only for first_come and >= quantity).
          const dbOk =
            quantity >= 1 &&
            responseHours >= 1 &&
            responseHours <= 4500 &&
            (maxRecipients === null || (strategy === 'first_come' && maxRecipients >= quantity));
          if (ok) expect(dbOk).toBe(true);
          if (dbOk && quantity <= 500) expect(ok).toBe(true);
        },
      ),
    );
  });

  it('is what the create schema answers, with the default response time of 48 hours', () => {
    const ids = { positionId: '4c3f6b0e-8a55-4b1e-9d6e-2b1f4c1a2b3c', listId: '5d4f6b0e-8a55-4b1e-9d6e-2b1f4c1a2b3c' };
    const ok = needCreateBody.safeParse({ ...ids, quantity: 2, strategy: 'parallel' });
    expect(ok.success && ok.data).toMatchObject({ responseHours: 48, maxRecipients: null, localResidentsOnly: false });
    const bad = needCreateBody.safeParse({ ...ids, quantity: 3, strategy: 'first_come', maxRecipients: 2, responseHours: 5000 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['maxRecipients', 'responseHours']);
  });
});

describe('the list a need asks from', () => {
  const need = { positionId: 'pos-1', projectId: 'proj-1' };
  it('must be a list of the same position', () => {
    expect(needListViolations(need, { positionId: 'pos-1', kind: 'A', projectId: null, archived: false })).toEqual([]);
    expect(needListViolations(need, { positionId: 'pos-2', kind: 'A', projectId: null, archived: false })[0].field).toBe('listId');
  });
  it("may be a custom list of this project only, and not an archived one", () => {
    expect(needListViolations(need, { positionId: 'pos-1', kind: 'custom', projectId: 'proj-1', archived: false })).toEqual([]);
    expect(needListViolations(need, { positionId: 'pos-1', kind: 'custom', projectId: 'proj-2', archived: false })[0].message).toMatch(
      /another project/,
    );
    expect(needListViolations(need, { positionId: 'pos-1', kind: 'B', projectId: null, archived: true })[0].message).toBe('is archived');
  });
});

describe('changing a need under way (SPEC §3.5)', () => {
  const facts: NeedFacts = { code: 'NEED007', positionId: 'p', listId: 'l', strategy: 'sequential', firstSentAt: null, accepted: 0 };
  const same = { positionId: 'p', listId: 'l', strategy: 'sequential' as const, quantity: 2 };

  it('allows any change before the first request', () => {
    expect(needChangeRefusals(facts, { ...same, listId: 'l2', strategy: 'parallel', positionId: 'p2' })).toEqual([]);
  });

  it('locks strategy, list and position once a request was sent, naming what was tried', () => {
    const sent = { ...facts, firstSentAt: '2026-11-25T08:00:00.000Z' };
    expect(needChangeRefusals(sent, same)).toEqual([]);
    const [refusal] = needChangeRefusals(sent, { ...same, strategy: 'first_come', listId: 'l2' });
    expect(refusal.code).toBe('need_locked');
    expect(refusal.message).toMatch(/NEED007 has already sent requests.*list, strategy/);
  });

  it('refuses a quantity below the accepted seats, allows it down to them', () => {
    const withTwo = { ...facts, accepted: 2 };
    expect(needChangeRefusals(withTwo, { ...same, quantity: 2 })).toEqual([]);
    expect(needChangeRefusals(withTwo, { ...same, quantity: 1 })).toEqual([
      expect.objectContaining({ code: 'quantity_below_accepted', message: expect.stringMatching(/cannot go below 2/) }),
    ]);
  });

  it('reopens a filled need when the quantity rises and fills an open one when it drops to the accepted', () => {
    expect(statusAfterQuantityChange('filled', 2, 3)).toBe('active');
    expect(statusAfterQuantityChange('filled', 2, 2)).toBe('filled');
    expect(statusAfterQuantityChange('active', 2, 2)).toBe('filled');
    expect(statusAfterQuantityChange('exhausted', 1, 1)).toBe('filled');
    expect(statusAfterQuantityChange('exhausted', 1, 3)).toBe('exhausted');
    expect(statusAfterQuantityChange('paused', 2, 2)).toBe('paused');
    expect(statusAfterQuantityChange('active', 0, 1)).toBe('active');
  });
});

describe('ranking order', () => {
  it('accepts a permutation of the whole list and nothing else', () => {
    expect(reorderViolations(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([]);
    expect(reorderViolations([], [])).toEqual([]);
    const messages = (ids: string[]) => reorderViolations(['a', 'b', 'c'], ids).map((v) => v.message);
    expect(messages(['a', 'b'])).toEqual(['leaves out musicians who are on the list: c']);
    expect(messages(['a', 'b', 'c', 'd'])).toEqual(['names musicians who are not on the list: d']);
    expect(messages(['a', 'a', 'b', 'c'])).toEqual(['names a musician more than once: a']);
  });

  it('is satisfied by every shuffle (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 30 }), fc.infiniteStream(fc.nat()), (ids, rnd) => {
        const shuffled = [...ids];
        const it = rnd[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(reorderViolations(ids, shuffled)).toEqual([]);
        if (ids.length > 0) expect(reorderViolations(ids, shuffled.slice(1)).length).toBe(1);
      }),
    );
  });

  it('places an added musician at the end or at a rank from 1 to one past the end', () => {
    expect(insertionRank(3, undefined)).toEqual({ rank: 4 });
    expect(insertionRank(3, 1)).toEqual({ rank: 1 });
    expect(insertionRank(3, 4)).toEqual({ rank: 4 });
    expect(insertionRank(3, 5)).toEqual({ violation: { field: 'rank', message: 'must be a whole number from 1 to 4 (the list has 3)' } });
    expect(insertionRank(0, 1)).toEqual({ rank: 1 });
  });
});
