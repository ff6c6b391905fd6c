import type { Actor } from '../app/audit/record-audit';
import type { Plan } from '../domain/plan-limits';
import type { Database } from '../ports/database';
import type { RequestContext } from './route-handler';

/**
 * For routes with access 'admin': the orchestra's database handle and the acting admin. The chain has
 * already checked that the session belongs to this host's orchestra, so neither can be missing.
 */
export async function adminScope(ctx: RequestContext<unknown, unknown, unknown>): Promise<{ db: Database; actor: Actor; orchestraId: string; plan: Plan }> {
  if (!ctx.orchestra || !ctx.session) throw new Error('adminScope used on a route that is not admin-only');
  return {
    db: await ctx.orchestra.db(),
    actor: { userId: ctx.session.userId, email: ctx.session.email },
    orchestraId: ctx.orchestra.record.id,
    plan: ctx.orchestra.record.plan,
  };
}
