import { describe, expect, it } from 'vitest';
import { musicianStatistics, type RequestFact } from '../../shared/domain/musician-statistics';

const fact = (over: Partial<RequestFact>): RequestFact => ({
  status: 'pending',
  sentAt: '2026-01-01T10:00:00Z',
  answeredAt: null,
  positionId: 'p1',
  positionName: 'Tutti violin 1',
  instrumentName: 'Violin',
  ...over,
});

describe('musician statistics', () => {
  it('has no rates before the first answer', () => {
    expect(musicianStatistics([])).toEqual({ requests: 0, answered: 0, accepted: 0, acceptanceRate: null, averageResponseHours: null, mostAskedPositions: [] });
    expect(musicianStatistics([fact({}), fact({ status: 'timed_out' })])).toMatchObject({ requests: 2, answered: 0, acceptanceRate: null });
  });

  it('rates acceptance over answered requests and averages the response time in hours', () => {
    const stats = musicianStatistics([
      fact({ status: 'accepted', answeredAt: '2026-01-01T12:00:00Z' }),
      fact({ status: 'declined', answeredAt: '2026-01-02T10:00:00Z' }),
      fact({ status: 'withdrawn', answeredAt: '2026-01-01T11:00:00Z' }),
      fact({ status: 'timed_out' }),
      fact({ status: 'withdrawn' }),
    ]);
    // A withdrawn request with an answer had been accepted; one without was withdrawn before any answer.
    expect(stats).toMatchObject({ requests: 5, answered: 3, accepted: 2, averageResponseHours: 9 });
    expect(stats.acceptanceRate).toBeCloseTo(2 / 3);
  });

  it('names the three most asked positions, most first, ties by name', () => {
    const at = (positionId: string, positionName: string) => fact({ positionId, positionName });
    const stats = musicianStatistics([at('c', 'Cello'), at('a', 'Alto'), at('b', 'Bass'), at('b', 'Bass'), at('d', 'Drum'), at('a', 'Alto'), at('a', 'Alto')]);
    expect(stats.mostAskedPositions.map((p) => [p.positionName, p.count])).toEqual([['Alto', 3], ['Bass', 2], ['Cello', 1]]);
  });
});
