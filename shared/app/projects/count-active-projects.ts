import type { Plan } from '../../domain/plan-limits';
import { planRefusal } from '../../domain/plan-limits';
import { conflict } from '../../http/errors';
import type { Queryable } from '../../ports/database';

/**
 * An active project, for the plan's limit (SPEC §4): not archived and starting today or later in the
 * orchestra's time zone. A project that has started is done with staffing and stops counting the next
 * day, without the admin having to archive it; archiving frees its place at once.
 */
const activeProjectFilter = `archived_at IS NULL
  AND start_date >= (:now::timestamptz AT TIME ZONE coalesce((SELECT time_zone FROM settings), 'Europe/Stockholm'))::date`;

export async function countActiveProjects(db: Queryable, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM projects WHERE ${activeProjectFilter}`, { now });
  return rows[0].n;
}

/** Whether a project starting on this date would count as active. */
export async function wouldBeActive(db: Queryable, startDate: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ active: boolean }>(
    `SELECT :startDate::date >= (:now::timestamptz AT TIME ZONE coalesce((SELECT time_zone FROM settings), 'Europe/Stockholm'))::date AS active`,
    { startDate, now },
  );
  return rows[0].active;
}

/**
 * Refuses (409, the plan's own words) one more active project over the plan's limit. Holds a transaction
 * lock first, so two admins creating projects at once cannot both take the last place.
 */
export async function assertRoomForActiveProject(tx: Queryable, plan: Plan, now: Date): Promise<void> {
  await tx.query(`SELECT true AS locked FROM pg_advisory_xact_lock(hashtext('orchestra.active-projects.plan'))`);
  const refusal = planRefusal(plan, 'activeProjects', await countActiveProjects(tx, now));
  if (refusal) throw conflict(refusal, 'plan_limit');
}
