import { planRefusal, planUsage, type Plan, type PlanUsage } from '../../domain/plan-limits';
import { conflict } from '../../http/errors';
import type { Queryable } from '../../ports/database';

/**
 * What counts against the plan: every musician who is not archived (active and inactive alike). Erased
 * musicians are always archived, so they never count.
 */
export async function countPlanMusicians(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians WHERE archived_at IS NULL AND erased_at IS NULL`);
  return rows[0].n;
}

export async function musicianPlanUsage(db: Queryable, plan: Plan): Promise<PlanUsage> {
  return planUsage(plan, 'musicians', await countPlanMusicians(db));
}

/**
 * Refuses (409) when `adding` more musicians would pass the plan's limit. Takes a transaction-scoped
 * advisory lock first, so two admins adding the last free place at once are counted one after the other.
 */
export async function assertPlanRoom(tx: Queryable, plan: Plan, adding: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('orchestra.musicians.plan'))::text AS locked`);
  const refusal = planRefusal(plan, 'musicians', await countPlanMusicians(tx), adding);
  if (refusal) throw conflict(refusal, 'plan_limit');
}
