import type { Database } from '../../ports/database';
import type { DeliveryFeedback } from '../../domain/ses-feedback';

/**
 * A permanent bounce or a complaint: the musicians with that address are marked `failing` (the admin sees it
 * on the musician and the dashboard), and the outbox message shows as failed with the reason.
 */
export async function recordDeliveryFeedback(db: Database, feedback: DeliveryFeedback, now: Date): Promise<{ musicians: number }> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE musicians SET email_status = 'failing', email_status_changed_at = :now
        WHERE lower(email) IN (SELECT jsonb_array_elements_text(:recipients::jsonb)) AND email_status <> 'failing'`,
      { recipients: feedback.recipients, now },
    );
    if (feedback.outboxId) {
      await tx.query(`UPDATE outbox SET status = 'failed', last_error = :detail WHERE id = :outboxId::uuid`, {
        outboxId: feedback.outboxId,
        detail: feedback.detail,
      });
    }
    return { musicians: rowCount };
  });
}
