import type { RequestStatus } from '../../domain/engine/planning-types';
import type { Database } from '../../ports/database';
import { projectCalendarFile } from './calendar-file';
import { closeFilledNeed, lockNeedSeats } from './fill-need';
import { enqueueRequestEmail, loadRequestEmailContexts, requestFileAttachments } from './request-emails';

export interface AnswerResult {
  requestId: string;
  /**
   * Set when the answer leaves a seat open (a no, or a yes short of the quantity): the caller refills this
   * need at once (SPEC §7.3). The strategy decides whom: after a sequential yes the next musician, after the
   * yes that ends a first_come wave the next wave, after a parallel yes nobody.
   */
  refill: { projectId: string; needId: string } | null;
}

interface LockedRequest {
  status: RequestStatus;
  deadline_at: string;
  late_answer: 'yes' | 'no' | null;
}

/**
 * Records a musician's yes or no (SPEC §3.5, §3.6). Locks the need row first, then the request, so every
 * answer to one need runs one after another and the accepted count read here is the count that holds:
 * a need never gets more than Q yes-answers, whatever number arrive at once.
 *
 * Only the first answer changes anything. Later ones (double click, two tabs, a yes after the seat was
 * filled) leave the request as it is, so the page derived from it is the first answer's page. An answer
 * after the deadline changes nothing either, even when the timeout job has not run yet: the caller shows
 * the request as expired.
 */
export async function answerRequest(db: Database, requestId: string, answer: 'yes' | 'no', now: Date): Promise<AnswerResult> {
  return db.transaction(async (tx) => {
    const { rows: needOf } = await tx.query<{ need_id: string }>(`SELECT need_id FROM requests WHERE id = :requestId::uuid`, { requestId });
    const need = await lockNeedSeats(tx, needOf[0].need_id);
    const { rows } = await tx.query<LockedRequest>(
      `SELECT status, deadline_at, late_answer FROM requests WHERE id = :requestId::uuid FOR UPDATE`,
      { requestId },
    );
    const request = rows[0];
    const unchanged: AnswerResult = { requestId, refill: null };

    if (request.status === 'cancelled') {
      // The seat was filled before they answered: keep their (first) late answer for the admin, book nothing.
      if (request.late_answer === null) {
        await tx.query(
          `UPDATE requests SET late_answer = :answer, late_answered_at = :now, updated_at = :now WHERE id = :requestId::uuid`,
          { requestId, answer, now },
        );
      }
      return unchanged;
    }
    if (request.status !== 'pending' || now.getTime() >= new Date(request.deadline_at).getTime()) return unchanged;

    if (answer === 'no') {
      await tx.query(`UPDATE requests SET status = 'declined', answered_at = :now, updated_at = :now WHERE id = :requestId::uuid`, {
        requestId,
        now,
      });
      return { requestId, refill: { projectId: need.projectId, needId: need.id } };
    }

    const [ctx] = await loadRequestEmailContexts(tx, [requestId]);
    if (need.accepted >= need.quantity) {
      // Full already (only a race with a quantity change gets here; a fill cancels the waiting requests).
      await tx.query(
        `UPDATE requests SET status = 'cancelled', closed_at = :now, late_answer = 'yes', late_answered_at = :now, updated_at = :now
          WHERE id = :requestId::uuid`,
        { requestId, now },
      );
      await enqueueRequestEmail(tx, 'position_filled', ctx);
      return unchanged;
    }

    await tx.query(`UPDATE requests SET status = 'accepted', answered_at = :now, updated_at = :now WHERE id = :requestId::uuid`, {
      requestId,
      now,
    });
    const files = await requestFileAttachments(tx, need.id, 'accept');
    await enqueueRequestEmail(tx, 'confirmation', ctx, { attachments: [projectCalendarFile(ctx, now), ...files] });
    if (need.accepted + 1 >= need.quantity) {
      await closeFilledNeed(tx, need.id, now);
      return unchanged;
    }
    return { requestId, refill: { projectId: need.projectId, needId: need.id } };
  });
}
