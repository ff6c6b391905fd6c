import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../shared/domain/engine/planning-types';
import { recordedAnswer, respondMessage, respondState } from '../../shared/domain/engine/respond-state';

const deadlineAt = new Date('2026-12-01T12:00:00Z');
const before = new Date('2026-12-01T11:59:59Z');
const after = new Date('2026-12-01T12:00:00Z');

describe('respondState (SPEC §3.5: what the response page shows)', () => {
  it('is open before the deadline and expired from the deadline on, even before the timeout job ran', () => {
    expect(respondState({ status: 'pending', deadlineAt, now: before, needFull: false })).toBe('open');
    expect(respondState({ status: 'pending', deadlineAt, now: after, needFull: false })).toBe('expired');
  });

  it('shows a waiting request of a full need as filled', () => {
    expect(respondState({ status: 'pending', deadlineAt, now: before, needFull: true })).toBe('filled');
  });

  it('follows the request once it is closed, whatever the time', () => {
    const cases: [RequestStatus, string][] = [
      ['accepted', 'accepted'],
      ['declined', 'declined'],
      ['timed_out', 'expired'],
      ['cancelled', 'filled'],
      ['withdrawn', 'withdrawn'],
    ];
    for (const [status, state] of cases) {
      for (const now of [before, after]) expect(respondState({ status, deadlineAt, now, needFull: false })).toBe(state);
    }
  });
});

describe('recordedAnswer', () => {
  it('is the answer that counts, including a late yes kept on a cancelled request', () => {
    expect(recordedAnswer('accepted', null)).toBe('yes');
    expect(recordedAnswer('declined', null)).toBe('no');
    expect(recordedAnswer('cancelled', 'yes')).toBe('yes');
    expect(recordedAnswer('cancelled', null)).toBeNull();
    expect(recordedAnswer('pending', null)).toBeNull();
  });
});

describe('respondMessage', () => {
  const values = { positionName: 'Tutti violin 1', projectName: 'Vårkonsert', deadline: '1 december 2026 13:00', orchestraName: 'Orkestern' };
  it('speaks the musician\'s language', () => {
    expect(respondMessage('accepted', 'sv', values)).toMatch(/^Tack! Du är bokad som Tutti violin 1 i Vårkonsert/);
    expect(respondMessage('accepted', 'en', values)).toMatch(/^Thank you! You are booked as Tutti violin 1 in Vårkonsert/);
    expect(respondMessage('expired', 'en', values)).toContain('1 december 2026 13:00');
    expect(respondMessage('filled', 'sv', values)).toContain('redan tillsatt');
  });
});
