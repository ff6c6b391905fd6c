import { maxQuantity } from '../../domain/need-rules';
import { conflict, validationFailed } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { getNeed } from '../needs/read-needs';
import { lockProject } from '../projects/lock-project';
import { closeFilledNeed } from './fill-need';
import { lockNeedOfProject, type ControlResult } from './pause-resume';
import { refillInTransaction, type RefillDeps } from './refill-needs';
import type { NeedView } from '../needs/read-needs';

/**
 * Changes how many seats a need has while it runs (SPEC §3.5). Below the accepted count is refused (409:
 * withdraw a musician first). Down to exactly the accepted count fills the need: waiting requests are
 * cancelled with the position_filled email. Up on a filled need reopens it; any raise refills at once
 * (a paused need or project waits for its resume).
 */
export async function changeNeedQuantity(
  db: Database,
  actor: Actor,
  deps: RefillDeps,
  projectId: string,
  needId: string,
  quantity: number,
): Promise<ControlResult<NeedView>> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const need = await lockNeedOfProject(tx, projectId, needId);
    if (need.status === 'archived') throw conflict(`${need.code} is archived and can no longer be changed.`, 'need_archived');
    if (quantity < need.accepted) {
      throw conflict(
        `${need.code} already has ${need.accepted} accepted musician${need.accepted === 1 ? '' : 's'}; the quantity cannot go below ${need.accepted}. Withdraw a musician first.`,
        'quantity_below_accepted',
      );
    }
    if (quantity > maxQuantity) throw validationFailed([{ field: 'quantity', message: `must be at most ${maxQuantity}` }]);
    if (need.strategy === 'first_come' && need.maxRecipients !== null && quantity > need.maxRecipients) {
      throw validationFailed([
        { field: 'quantity', message: `must be at most the wave size of ${need.code} (maxRecipients ${need.maxRecipients}); raise maxRecipients first` },
      ]);
    }
    if (quantity === need.quantity) return { requestsSent: 0, item: await getNeed(tx, projectId, needId) };

    const now = deps.clock.now();
    await tx.query(`UPDATE needs SET quantity = :quantity::int, updated_at = :now WHERE id = :needId::uuid`, { needId, quantity, now });
    let status = need.status;
    if (quantity === need.accepted) {
      await closeFilledNeed(tx, needId, now);
      status = 'filled';
    } else if (need.status === 'filled') {
      await tx.query(`UPDATE needs SET status = 'active', status_changed_at = :now WHERE id = :needId::uuid`, { needId, now });
      status = 'active';
    }
    await recordAudit(tx, {
      actor,
      action: 'need.quantity',
      entityType: 'need',
      entityId: needId,
      before: { code: need.code, quantity: need.quantity, status: need.status },
      after: { code: need.code, quantity, status },
    });
    const requestsSent = quantity > need.quantity ? (await refillInTransaction(tx, deps, projectId, [needId])).requests.length : 0;
    return { requestsSent, item: await getNeed(tx, projectId, needId) };
  });
}
