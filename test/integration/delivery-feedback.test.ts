import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../shared/app/mail/enqueue-email';
import { recordDeliveryFeedback } from '../../shared/app/mail/record-delivery-feedback';
import type { Database } from '../../shared/ports/database';
import { createTestDatabase, databaseAdapters, type TestDatabase } from '../support/test-database';

/** A bounce or complaint from SES marks the musician's address failing and the message failed. */
describe.each(databaseAdapters)('delivery feedback ($adapter adapter)', ({ open }) => {
  let orchestra: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    orchestra = await createTestDatabase('orchestra');
    db = open(orchestra.connection);
    await db.query(
      `INSERT INTO musicians (first_name, last_name, email) VALUES ('Anna', 'Berg', 'Anna.Berg@example.org'), ('Erik', 'Lund', 'erik@example.org')`,
    );
  });
  afterAll(async () => {
    await db.close();
    await orchestra.drop();
  });

  it('marks the bounced address failing, leaves others alone, and fails the outbox message with the reason', async () => {
    const { id: outboxId } = await db.transaction((tx) =>
      enqueueEmail(tx, { kind: 'request', to: 'Anna.Berg@example.org', subject: 'Förfrågan', text: 'Hej' }),
    );
    await db.query(`UPDATE outbox SET status = 'sent' WHERE id = :id::uuid`, { id: outboxId });
    const now = new Date('2026-11-25T10:00:00Z');

    const result = await recordDeliveryFeedback(db, { kind: 'bounce', recipients: ['anna.berg@example.org'], outboxId, detail: 'bounced (NoEmail)' }, now);
    expect(result).toEqual({ musicians: 1 });

    const { rows } = await db.query<{ email: string; status: string; changedAt: string | null }>(
      `SELECT email, email_status AS status, email_status_changed_at AS "changedAt" FROM musicians ORDER BY email`,
    );
    expect(rows).toEqual([
      { email: 'Anna.Berg@example.org', status: 'failing', changedAt: '2026-11-25T10:00:00.000Z' },
      { email: 'erik@example.org', status: 'ok', changedAt: null },
    ]);
    const outbox = await db.query(`SELECT status, last_error FROM outbox WHERE id = :id::uuid`, { id: outboxId });
    expect(outbox.rows).toEqual([{ status: 'failed', last_error: 'bounced (NoEmail)' }]);

    // A second notice for the same address changes nothing more.
    expect(await recordDeliveryFeedback(db, { kind: 'complaint', recipients: ['anna.berg@example.org'], detail: 'spam' }, now)).toEqual({ musicians: 0 });
  });
});
