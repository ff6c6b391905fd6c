import { conflict, notFound } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { lockNeedOfProject } from './pause-resume';
import { refillInTransaction, type RefillDeps } from './refill-needs';
import { enqueueRequestEmail, loadRequestEmailContexts } from './request-emails';

export interface WithdrawnRequest {
  id: string;
  code: string;
  status: 'withdrawn';
  previousStatus: 'pending' | 'accepted';
  needId: string;
  /** Requests the strategy sent to take the freed place. */
  requestsSent: number;
}

/**
 * An admin withdraws a pending or accepted request (SPEC §3.5): the musician gets the 'withdrawn' email,
 * an accepted seat reopens (a filled need is active again) and the strategy refills, all in one transaction.
 */
export async function withdrawRequest(db: Database, actor: Actor, deps: RefillDeps, requestId: string): Promise<WithdrawnRequest> {
  return db.transaction(async (tx) => {
    const { rows: found } = await tx.query<{ project_id: string; need_id: string }>(
      `SELECT project_id, need_id FROM requests WHERE id = :requestId::uuid`,
      { requestId },
    );
    if (!found[0]) throw notFound('No such request.');
    const { project_id: projectId, need_id: needId } = found[0];
    await lockProject(tx, projectId);
    const need = await lockNeedOfProject(tx, projectId, needId);
    const { rows } = await tx.query<{ code: string; status: string }>(`SELECT code, status FROM requests WHERE id = :requestId::uuid FOR UPDATE`, {
      requestId,
    });
    const request = rows[0];
    if (request.status !== 'pending' && request.status !== 'accepted') {
      throw conflict(`${request.code} is ${request.status.replace('_', ' ')}; only pending or accepted requests can be withdrawn.`, 'request_closed');
    }
    const now = deps.clock.now();
    await tx.query(`UPDATE requests SET status = 'withdrawn', closed_at = :now, updated_at = :now WHERE id = :requestId::uuid`, { requestId, now });
    const [ctx] = await loadRequestEmailContexts(tx, [requestId]);
    await enqueueRequestEmail(tx, 'withdrawn', ctx);
    if (request.status === 'accepted' && need.status === 'filled') {
      await tx.query(`UPDATE needs SET status = 'active', status_changed_at = :now, updated_at = :now WHERE id = :needId::uuid`, { needId, now });
    }
    await recordAudit(tx, {
      actor,
      action: 'request.withdraw',
      entityType: 'request',
      entityId: requestId,
      before: { code: request.code, status: request.status },
      after: { code: request.code, status: 'withdrawn', needStatus: request.status === 'accepted' && need.status === 'filled' ? 'active' : need.status },
    });
    // An archived need asks nobody any more; every other one refills (a paused one waits for its resume).
    const requests = need.status === 'archived' ? [] : (await refillInTransaction(tx, deps, projectId, [needId])).requests;
    return {
      id: requestId,
      code: request.code,
      status: 'withdrawn',
      previousStatus: request.status as 'pending' | 'accepted',
      needId,
      requestsSent: requests.length,
    };
  });
}
