import { conflict, notFound } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { readMessage, type MessageView } from './message-log';

/**
 * Puts a failed email back in line (SPEC §3.6: a failed send shows as failed to the admin, who may retry
 * it): pending again, due now, attempts from zero. Only failed messages: a pending or sent one would be
 * delivered twice.
 */
export async function resendEmail(db: Database, actor: Actor, outboxId: string): Promise<MessageView> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      status: string;
      kind: string;
      attempts: number;
      last_error: string | null;
      request_code: string | null;
      answerable: boolean | null;
    }>(
      `SELECT o.status, o.kind, o.attempts, o.last_error, r.code AS request_code,
              (r.status = 'pending' AND r.deadline_at > now()) AS answerable
         FROM outbox o LEFT JOIN requests r ON r.id = o.request_id
        WHERE o.id = :outboxId::uuid
          FOR UPDATE OF o`,
      { outboxId },
    );
    const message = rows[0];
    if (!message) throw notFound('No such message.');
    if (message.status !== 'failed') {
      throw conflict(`This message is ${message.status}, not failed; only failed messages can be sent again.`, 'message_not_failed');
    }
    if ((message.kind === 'request' || message.kind === 'reminder') && message.answerable === false) {
      // Its link could no longer be answered: sending it now would only confuse the musician.
      throw conflict(`${message.request_code} no longer waits for an answer, so its ${message.kind} email is not sent again.`, 'request_closed');
    }
    await tx.query(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now() WHERE id = :outboxId::uuid`, { outboxId });
    await recordAudit(tx, {
      actor,
      action: 'outbox.resend',
      entityType: 'outbox',
      entityId: outboxId,
      before: { status: 'failed', attempts: message.attempts, lastError: message.last_error },
      after: { status: 'pending', attempts: 0 },
    });
    return readMessage(tx, outboxId);
  });
}
