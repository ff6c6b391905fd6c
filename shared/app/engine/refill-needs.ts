import type { Clock } from '../../ports/clock';
import type { Database, Queryable } from '../../ports/database';
import { topUpNeeds, type TopUpDeps, type TopUpResult } from './top-up-needs';

/** What a refill needs besides the orchestra's database: the time, the link base and the admins to tell. */
export interface RefillDeps {
  clock: Clock;
  orchestraBaseUrl: string;
  /** The control database and the orchestra, to find its admins when a list runs out. */
  control?: Queryable;
  orchestraId?: string;
}

export function topUpDeps(deps: RefillDeps): TopUpDeps {
  const { control, orchestraId } = deps;
  return {
    clock: deps.clock,
    orchestraBaseUrl: deps.orchestraBaseUrl,
    adminEmails:
      control && orchestraId
        ? async () => {
            const { rows } = await control.query<{ email: string }>(
              `SELECT email FROM users WHERE orchestra_id = :orchestraId::uuid AND role = 'admin' AND active ORDER BY email`,
              { orchestraId },
            );
            return rows.map((r) => r.email);
          }
        : undefined,
  };
}

/**
 * After a no, a yes short of the quantity, a timeout, a withdraw, a resume or a quantity raise the strategy
 * asks the next musicians (SPEC §3.2, §7.3) — in the caller's transaction when it already holds the project
 * (admin controls), or here in a transaction of its own (answers and the tick, which must not wait on the project lock while holding a need).
 */
export function refillInTransaction(tx: Queryable, deps: RefillDeps, projectId: string, needIds?: string[]): Promise<TopUpResult> {
  return topUpNeeds(tx, topUpDeps(deps), projectId, { mode: 'refill', ...(needIds ? { needIds } : {}) });
}

export function refillProject(db: Database, deps: RefillDeps, projectId: string, needIds?: string[]): Promise<TopUpResult> {
  return db.transaction((tx) => refillInTransaction(tx, deps, projectId, needIds));
}
