/** A musician's request statistics for the profile page (SPEC issue 3: requests, acceptance, response time). */

export type RequestStatus = 'pending' | 'accepted' | 'declined' | 'timed_out' | 'cancelled' | 'withdrawn';

export interface RequestFact {
  status: RequestStatus;
  sentAt: string;
  answeredAt: string | null;
  positionId: string;
  positionName: string;
  instrumentName: string;
}

export interface MusicianStatistics {
  requests: number;
  /** Requests the musician said yes or no to. */
  answered: number;
  accepted: number;
  /** accepted ÷ answered, 0…1; null before the first answer. */
  acceptanceRate: number | null;
  /** Mean hours from sent to answered, one decimal; null before the first answer. */
  averageResponseHours: number | null;
  /** The three positions they were asked for most, most first (ties by name). */
  mostAskedPositions: { positionId: string; positionName: string; instrumentName: string; count: number }[];
}

/**
 * An answer is recorded by answered_at. A withdrawn request with an answer was accepted first (a seat
 * is withdrawn from someone who said yes), so it counts as accepted.
 */
export function isAccepted(r: Pick<RequestFact, 'status' | 'answeredAt'>): boolean {
  return r.status === 'accepted' || (r.status === 'withdrawn' && r.answeredAt !== null);
}

export function musicianStatistics(requests: RequestFact[]): MusicianStatistics {
  const answered = requests.filter((r) => r.answeredAt !== null);
  const accepted = answered.filter(isAccepted).length;
  const hours = answered.map((r) => (Date.parse(r.answeredAt!) - Date.parse(r.sentAt)) / 3_600_000);
  const byPosition = new Map<string, MusicianStatistics['mostAskedPositions'][number]>();
  for (const r of requests) {
    const entry = byPosition.get(r.positionId) ?? { positionId: r.positionId, positionName: r.positionName, instrumentName: r.instrumentName, count: 0 };
    entry.count += 1;
    byPosition.set(r.positionId, entry);
  }
  return {
    requests: requests.length,
    answered: answered.length,
    accepted,
    acceptanceRate: answered.length === 0 ? null : accepted / answered.length,
    averageResponseHours: hours.length === 0 ? null : Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10,
    mostAskedPositions: [...byPosition.values()]
      .sort((a, b) => b.count - a.count || a.positionName.localeCompare(b.positionName, 'sv'))
      .slice(0, 3),
  };
}
