import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockMusician } from './lock-musician';
import { getMusician, type MusicianView } from './read-musicians';
import { removeFromLists } from './remove-from-lists';

/**
 * GDPR erasure (SPEC §5). The row stays (requests point at it, so anonymous counts per project, position
 * and list survive) but every personal field is emptied, the musician is archived and taken off every
 * ranking list with the ranks closing up. The personal data is also blanked where copies of it were kept:
 * the messages sent to them (the communication log) and the before/after of their earlier audit entries.
 * The erase itself is audited without any before values. Qualifications stay: they are not personal data
 * once the person is gone. Erasing twice changes nothing.
 */
export async function eraseMusician(db: Database, actor: Actor, id: string): Promise<MusicianView> {
  return db.transaction(async (tx) => {
    const musician = await lockMusician(tx, id, { allowErased: true });
    if (musician.erased) return getMusician(tx, id);
    const { rows } = await tx.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM requests WHERE musician_id = :id::uuid AND status = 'pending'`,
      { id },
    );
    if (rows[0].pending > 0) {
      throw conflict(
        `${musician.name} (${musician.code}) has ${rows[0].pending} request${rows[0].pending === 1 ? '' : 's'} waiting for an answer; withdraw ${rows[0].pending === 1 ? 'it' : 'them'} before erasing.`,
        'requests_pending',
      );
    }
    const removed = await removeFromLists(tx, id, 'all');
    // Messages still queued for them are never sent: they are marked failed as they are blanked.
    await tx.query(
      `UPDATE outbox SET to_address = '(erased)', subject = '(erased)', text_body = '', html_body = NULL, attachments = '[]'::jsonb,
              status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
              last_error = CASE WHEN status IN ('pending', 'sending') THEN 'recipient erased' ELSE last_error END
        WHERE (:email::text IS NOT NULL AND lower(to_address) = lower(:email::text))
           OR request_id IN (SELECT r.id FROM requests r WHERE r.musician_id = :id::uuid)
           OR id IN (SELECT g.outbox_id FROM group_email_recipients g WHERE g.musician_id = :id::uuid)`,
      { id, email: musician.email },
    );
    await tx.query(
      `UPDATE audit_log
          SET before = CASE WHEN before IS NULL THEN NULL ELSE jsonb_build_object('code', :code::text, 'erased', true) END,
              after = CASE WHEN after IS NULL THEN NULL ELSE jsonb_build_object('code', :code::text, 'erased', true) END
        WHERE entity_type = 'musician' AND entity_id = :id`,
      { id, code: musician.code },
    );
    await tx.query(
      `UPDATE musicians
          SET first_name = '', last_name = '', email = NULL, phone = NULL, notes = '', active = false,
              email_status = 'ok', email_status_changed_at = NULL,
              archived_at = coalesce(archived_at, now()), erased_at = now(), updated_at = now()
        WHERE id = :id::uuid`,
      { id },
    );
    await recordAudit(tx, {
      actor,
      action: 'musician.erase',
      entityType: 'musician',
      entityId: id,
      after: { code: musician.code, erased: true, removedFromLists: removed.map((r) => r.listCode) },
    });
    return getMusician(tx, id);
  });
}
