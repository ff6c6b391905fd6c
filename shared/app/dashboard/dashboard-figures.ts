import type { Queryable } from '../../ports/database';

export const answerRateWindowDays = 30;

/** Musicians (archived ones left out), pending requests and the answer rate of the last 30 days, in one query. */
export async function dashboardFigures(db: Queryable, now: Date) {
  const { rows } = await db.query<{ active: number; inactive: number; pending: number; sent: number; answered: number }>(
    `SELECT (SELECT count(*) FROM musicians WHERE archived_at IS NULL AND active)::int AS active,
            (SELECT count(*) FROM musicians WHERE archived_at IS NULL AND NOT active)::int AS inactive,
            (SELECT count(*) FROM requests WHERE status = 'pending')::int AS pending,
            w.sent, w.answered
       FROM (SELECT count(*)::int AS sent, count(answered_at)::int AS answered
               FROM requests
              WHERE sent_at > :now::timestamptz - make_interval(days => :days::int) AND sent_at <= :now::timestamptz) w`,
    { now, days: answerRateWindowDays },
  );
  const r = rows[0];
  return {
    musicians: { active: r.active, inactive: r.inactive },
    pendingRequests: r.pending,
    answerRate: {
      windowDays: answerRateWindowDays,
      sent: r.sent,
      answered: r.answered,
      // Two decimals are enough for a percentage on a dashboard.
      rate: r.sent === 0 ? null : Math.round((r.answered / r.sent) * 10000) / 10000,
    },
  };
}
