import type { Database } from '../../ports/database';
import { refillProject, type RefillDeps } from './refill-needs';
import { requestEmailDelivered } from './request-delivered';

export interface TimeoutReport {
  timedOut: number;
  /** Projects whose needs were topped up (after timeouts, or found stalled). */
  refilledProjects: number;
  /** Refills that failed; their needs are picked up again by the next tick's stalled-need sweep. */
  errors: { projectId: string; message: string }[];
  /** Projects not refilled because the tick's time ran out; the next tick's stalled-need sweep finds them. */
  deferredRefills: number;
}

/**
 * SPEC §3.5 timeout: every pending request past its deadline becomes 'timed_out' (claimed with SKIP LOCKED,
 * so two ticks at once split the work and an answer in flight is never waited on), then each affected
 * project is refilled in a transaction of its own. A request whose email still waits in the outbox is left
 * alone: its deadline runs only from the email's delivery.
 *
 * Then a sweep for stalled needs: sent, active, in a running project, with fewer musicians asked than the
 * strategy keeps asked (sequential and first_come: nobody pending; parallel: accepted + pending < Q).
 * That catches a refill that failed after a committed no or timeout, so no need stalls silently.
 *
 * When outOfTime says the tick's time is nearly up, no further refill is started: the timeouts are already
 * committed, and every need a refill would act on (sequential and first_come with nobody pending, parallel
 * short of Q) is exactly what the next tick's sweep selects, so the deferred projects are refilled then.
 */
export async function timeOutDueRequests(
  db: Database,
  deps: RefillDeps,
  options: { maxRequests?: number; outOfTime?: () => boolean } = {},
): Promise<TimeoutReport> {
  const now = deps.clock.now();
  const { rows } = await db.query<{ project_id: string; need_id: string }>(
    `WITH due AS (
       SELECT id FROM requests
        WHERE status = 'pending' AND deadline_at <= :now AND ${requestEmailDelivered}
        ORDER BY deadline_at
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
     )
     UPDATE requests r SET status = 'timed_out', closed_at = :now, updated_at = :now
       FROM due
      WHERE r.id = due.id AND r.status = 'pending'
     RETURNING r.project_id, r.need_id`,
    { now, limit: options.maxRequests ?? 5000 },
  );
  const { rows: stalled } = await db.query<{ project_id: string }>(
    `SELECT DISTINCT n.project_id
       FROM needs n
       JOIN projects p ON p.id = n.project_id
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE r.status = 'accepted')::int AS accepted,
                count(*) FILTER (WHERE r.status = 'pending')::int AS pending
           FROM requests r WHERE r.need_id = n.id
       ) c
      WHERE n.status = 'active' AND n.first_sent_at IS NOT NULL AND NOT p.paused AND p.archived_at IS NULL
        AND c.accepted < n.quantity
        AND CASE n.strategy WHEN 'parallel' THEN c.accepted + c.pending < n.quantity ELSE c.pending = 0 END`,
  );
  const projects = new Set([...rows.map((r) => r.project_id), ...stalled.map((r) => r.project_id)]);
  const report: TimeoutReport = { timedOut: rows.length, refilledProjects: 0, errors: [], deferredRefills: 0 };
  for (const projectId of projects) {
    if (options.outOfTime?.()) {
      report.deferredRefills += 1;
      continue;
    }
    try {
      await refillProject(db, deps, projectId);
      report.refilledProjects += 1;
    } catch (error) {
      report.errors.push({ projectId, message: (error as Error).message });
    }
  }
  return report;
}
