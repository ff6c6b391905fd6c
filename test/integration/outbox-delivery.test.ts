import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverOutbox, type DeliverOutboxDeps } from '../../shared/app/mail/deliver-outbox';
import { enqueueEmail, enqueueEmails, type EmailToEnqueue } from '../../shared/app/mail/enqueue-email';
import type { Database } from '../../shared/ports/database';
import { MailDeliveryError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';
import { TestClock } from '../support/test-clock';
import { createTestDatabase, databaseAdapters, type TestDatabase } from '../support/test-database';

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
}

const sender = 'Orchestra System <no-reply@orkester.example>';

// The control outbox has the same columns as the orchestra outbox, minus request_id and group_email_id.
let testDb: TestDatabase;
let db: Database;
let clock: TestClock;

beforeAll(async () => {
  testDb = await createTestDatabase('control');
});

afterAll(async () => {
  await testDb?.drop();
});

function message(n: number, extra: Partial<EmailToEnqueue> = {}): EmailToEnqueue {
  return { kind: 'request', to: `musician${n}@example.com`, subject: `Förfrågan ${n}`, text: `Hej ${n}!`, ...extra };
}

async function enqueue(count: number, extra: Partial<EmailToEnqueue> = {}): Promise<string[]> {
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) ids.push((await enqueueEmail(tx, message(n, extra))).id);
    return ids;
  });
}

async function row(id: string): Promise<OutboxRow> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT id, status, attempts, next_attempt_at, last_error, provider_message_id, sent_at FROM outbox WHERE id = :id::uuid`,
    { id },
  );
  return rows[0];
}

/** A mailer that records what it was asked to send, per outbox id, and fails as told. */
function recordingMailer(fail: (email: OutgoingEmail, callNumber: number) => Error | undefined = () => undefined) {
  const calls: OutgoingEmail[] = [];
  const callsPerId = new Map<string, number>();
  const mailer: Mailer = {
    async send(email) {
      const id = email.headers?.['X-Orchestra-Outbox-Id'] ?? '?';
      const callNumber = (callsPerId.get(id) ?? 0) + 1;
      callsPerId.set(id, callNumber);
      calls.push(email);
      // Yield to the event loop so two concurrent deliverers really interleave.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const error = fail(email, callNumber);
      if (error) throw error;
      return { messageId: `provider-${id}-${callNumber}` };
    },
  };
  return { mailer, calls, callsPerId };
}

function deps(mailer: Mailer, extra: Partial<DeliverOutboxDeps> = {}): DeliverOutboxDeps {
  return { mailer, from: sender, clock, maxPerSecond: 1000, sleep: async () => undefined, ...extra };
}

// The same suite through both Database adapters: pg, and the Data API adapter over its stand-in.
describe.each(databaseAdapters)('outbox through the $adapter adapter', ({ open }) => {
  beforeAll(() => {
    db = open(testDb.connection);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM outbox');
    // Rows get next_attempt_at = now() from the database; start the test clock just after that.
    clock = new TestClock(new Date(Date.now() + 60_000));
  });

  describe('enqueueEmail', () => {
    it('writes a pending row with the attachments as JSON, in the caller transaction', async () => {
      const attachments = [{ filename: 'Noter.pdf', contentType: 'application/pdf', storageKey: 'orch/files/1' }];
      const { id } = await db.transaction((tx) => enqueueEmail(tx, message(1, { html: '<p>Hej</p>', attachments })));
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM outbox WHERE id = :id::uuid`, { id });
      expect(rows[0]).toMatchObject({
        kind: 'request',
        to_address: 'musician1@example.com',
        subject: 'Förfrågan 1',
        text_body: 'Hej 1!',
        html_body: '<p>Hej</p>',
        attachments,
        status: 'pending',
        attempts: 0,
      });

      // Rolled back with the business change that caused it.
      await expect(
        db.transaction(async (tx) => {
          await enqueueEmail(tx, message(2));
          throw new Error('business rule refused');
        }),
      ).rejects.toThrow('business rule refused');
      expect((await db.query(`SELECT id FROM outbox`)).rowCount).toBe(1);
    });
  });

  describe('enqueueEmails', () => {
    it('writes several rows in the order given on the control outbox, which has no request or group column', async () => {
      const ids = await db.transaction(async (tx) => (await enqueueEmails(tx, [message(1), message(2, { html: '<p>Hej</p>' }), message(3)])).map((w) => w.id));
      const { rows } = await db.query<{ id: string; to_address: string; html_body: string | null }>(`SELECT id, to_address, html_body FROM outbox`);
      expect(ids.map((id) => rows.find((r) => r.id === id))).toEqual([
        { id: ids[0], to_address: 'musician1@example.com', html_body: null },
        { id: ids[1], to_address: 'musician2@example.com', html_body: '<p>Hej</p>' },
        { id: ids[2], to_address: 'musician3@example.com', html_body: null },
      ]);
    });
  });

  describe('deliverOutbox', () => {
    it('keeps no link secret in the sent copy: response and password tokens are blanked once delivered', async () => {
      const token = 'dtNXN0zOl6NU2qnac1jV2A5-ayQNetWL2uMVCFKy_Hg';
      const text = `Svara här: https://demo.example.org/respond/${token}\nEller: https://demo.example.org/reset-password#token=${token}`;
      const { id } = await db.transaction((tx) => enqueueEmail(tx, message(1, { text, html: `<a href="https://demo.example.org/respond/${token}">Svara</a>` })));
      const { mailer, calls } = recordingMailer();
      await deliverOutbox(db, deps(mailer));
      expect(calls[0].text).toContain(`/respond/${token}`); // the musician gets the working link
      const { rows } = await db.query<{ text_body: string; html_body: string }>(`SELECT text_body, html_body FROM outbox WHERE id = :id::uuid`, { id });
      expect(rows[0].text_body).toBe('Svara här: https://demo.example.org/respond/[sent]\nEller: https://demo.example.org/reset-password#token=[sent]');
      expect(rows[0].html_body).toBe('<a href="https://demo.example.org/respond/[sent]">Svara</a>');
    });

    it('sends due rows once and marks them sent with the provider id', async () => {
      const [withFile, plain] = await db.transaction(async (tx) => [
        (await enqueueEmail(tx, message(1, { html: '<p>Hej</p>', attachments: [{ filename: 'Noter.pdf', contentType: 'application/pdf', storageKey: 'k/noter.pdf' }] }))).id,
        (await enqueueEmail(tx, message(2))).id,
      ]);
      const { mailer, calls } = recordingMailer();
      const loaded: string[] = [];
      const loadAttachment = async (key: string) => {
        loaded.push(key);
        return Buffer.from(`bytes of ${key}`);
      };

      const result = await deliverOutbox(db, deps(mailer, { loadAttachment, replyTo: 'kansli@orkester.example' }));

      expect(result).toEqual({ sent: 2, failed: 0, retried: 0 });
      expect(loaded).toEqual(['k/noter.pdf']);
      const first = calls.find((c) => c.headers?.['X-Orchestra-Outbox-Id'] === withFile)!;
      expect(first).toMatchObject({
        from: sender,
        to: ['musician1@example.com'],
        replyTo: 'kansli@orkester.example',
        subject: 'Förfrågan 1',
        text: 'Hej 1!',
        html: '<p>Hej</p>',
      });
      expect(first.attachments).toEqual([{ filename: 'Noter.pdf', contentType: 'application/pdf', content: Buffer.from('bytes of k/noter.pdf') }]);
      const second = calls.find((c) => c.headers?.['X-Orchestra-Outbox-Id'] === plain)!;
      expect(second.html).toBeUndefined();
      expect(second.attachments).toBeUndefined();

      for (const id of [withFile, plain]) {
        expect(await row(id)).toMatchObject({
          status: 'sent',
          attempts: 1,
          provider_message_id: `provider-${id}-1`,
          sent_at: clock.now().toISOString(),
          last_error: null,
        });
      }
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 0 });
      expect(calls).toHaveLength(2);
    });

    it('does not send rows that are not yet due', async () => {
      const [id] = await enqueue(1);
      await db.query(`UPDATE outbox SET next_attempt_at = :later WHERE id = :id::uuid`, { id, later: new Date(clock.now().getTime() + 1000) });
      const { mailer, calls } = recordingMailer();
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 0 });
      expect(calls).toHaveLength(0);
    });

    it('retries transient failures with backoff and delivers on the third attempt', async () => {
      const [id] = await enqueue(1);
      const { mailer, callsPerId } = recordingMailer((_e, n) => (n <= 2 ? new MailDeliveryError('Throttling: Maximum sending rate exceeded', true) : undefined));

      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 1 });
      expect(await row(id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'Throttling: Maximum sending rate exceeded',
        next_attempt_at: new Date(clock.now().getTime() + 60_000).toISOString(),
      });

      // Not due again before the backoff has passed.
      clock.advance(59_000);
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 0 });

      clock.advance(1_000);
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 1 });
      expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: new Date(clock.now().getTime() + 120_000).toISOString() });

      clock.advance(120_000);
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, provider_message_id: `provider-${id}-3`, last_error: null });
      expect(callsPerId.get(id)).toBe(3);
    });

    it('fails a permanent error at once with last_error', async () => {
      const [id] = await enqueue(1);
      const { mailer, callsPerId } = recordingMailer(() => new MailDeliveryError('SES MessageRejected: Email address is not verified.', false));

      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 1, retried: 0 });
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'SES MessageRejected: Email address is not verified.', sent_at: null });

      clock.advance(24 * 3600_000);
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 0 });
      expect(callsPerId.get(id)).toBe(1);
    });

    it('fails a message after maxAttempts transient failures', async () => {
      const [id] = await enqueue(1);
      const { mailer, callsPerId } = recordingMailer(() => new MailDeliveryError('SES ServiceUnavailable: try later', true));
      const totals = { sent: 0, failed: 0, retried: 0 };
      for (let tick = 0; tick < 10; tick++) {
        const r = await deliverOutbox(db, deps(mailer, { maxAttempts: 4 }));
        totals.sent += r.sent;
        totals.failed += r.failed;
        totals.retried += r.retried;
        clock.advance(3600_000);
      }
      expect(totals).toEqual({ sent: 0, failed: 1, retried: 3 });
      expect(callsPerId.get(id)).toBe(4);
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 4, last_error: 'SES ServiceUnavailable: try later' });
    });

    it('treats an unclassified mailer error as transient', async () => {
      const [id] = await enqueue(1);
      const { mailer } = recordingMailer(() => new Error('socket hang up'));
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 1 });
      expect(await row(id)).toMatchObject({ status: 'pending', last_error: 'Error: socket hang up' });
    });

    it('retries a row left "sending" by a crashed deliverer once its lease has expired', async () => {
      const [id] = await enqueue(1);
      // What a deliverer that died between claim and send leaves behind.
      await db.query(`UPDATE outbox SET status = 'sending', attempts = 1, next_attempt_at = :leaseUntil WHERE id = :id::uuid`, {
        id,
        leaseUntil: new Date(clock.now().getTime() + 300_000),
      });
      const { mailer, callsPerId } = recordingMailer();

      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 0, retried: 0 });
      clock.advance(300_000);
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(callsPerId.get(id)).toBe(1);
    });

    it('never sends a message twice when two deliverers run at the same time', async () => {
      const ids = await enqueue(30);
      const { mailer, callsPerId, calls } = recordingMailer();

      const [a, b] = await Promise.all([
        deliverOutbox(db, deps(mailer, { maxPerSecond: 3 })),
        deliverOutbox(db, deps(mailer, { maxPerSecond: 3 })),
      ]);

      expect(a.sent + b.sent).toBe(30);
      expect(a.failed + b.failed + a.retried + b.retried).toBe(0);
      expect(calls).toHaveLength(30);
      for (const id of ids) expect(callsPerId.get(id), id).toBe(1);
      const { rows } = await db.query<{ status: string; attempts: number; n: number }>(
        `SELECT status, attempts, count(*)::int AS n FROM outbox GROUP BY status, attempts`,
      );
      expect(rows).toEqual([{ status: 'sent', attempts: 1, n: 30 }]);
    });

    it('paces sends to the messages-per-second budget through the injected sleep', async () => {
      await enqueue(12);
      const { mailer, calls } = recordingMailer();
      const sleeps: number[] = [];
      const sleep = async (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
      };

      const result = await deliverOutbox(db, deps(mailer, { maxPerSecond: 5, sleep }));

      expect(result).toEqual({ sent: 12, failed: 0, retried: 0 });
      expect(calls).toHaveLength(12);
      // 12 sends, evenly spaced 200 ms apart: 11 waits, 2.2 s in all.
      expect(sleeps).toEqual(Array(11).fill(200));
    });

    it('counts time already spent towards the pacing', async () => {
      await enqueue(3);
      const sleeps: number[] = [];
      // Each send takes 150 ms of (test) time, so only 50 ms are left to wait at 5 per second.
      const slowMailer: Mailer = {
        async send(email) {
          clock.advance(150);
          return { messageId: `p-${email.headers?.['X-Orchestra-Outbox-Id']}` };
        },
      };
      const sleep = async (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
      };
      await deliverOutbox(db, deps(slowMailer, { maxPerSecond: 5, sleep }));
      expect(sleeps).toEqual([50, 50]);
    });

    it('stops after maxMessages and leaves the rest pending', async () => {
      await enqueue(12);
      const { mailer } = recordingMailer();
      expect(await deliverOutbox(db, deps(mailer, { maxPerSecond: 5, maxMessages: 7 }))).toEqual({ sent: 7, failed: 0, retried: 0 });
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND attempts = 0`);
      expect(rows[0].n).toBe(5);
    });

    it('stops claiming once out of time, yet finishes the rows it already claimed', async () => {
      await enqueue(10);
      const { mailer, calls } = recordingMailer();
      // Time runs out as soon as the first message of the first batch (3 at 3 a second) goes out.
      const result = await deliverOutbox(db, deps(mailer, { maxPerSecond: 3, outOfTime: () => calls.length > 0 }));
      expect(result).toEqual({ sent: 3, failed: 0, retried: 0, deferred: true });
      const { rows } = await db.query<{ status: string; attempts: number; n: number }>(
        `SELECT status, attempts, count(*)::int AS n FROM outbox GROUP BY status, attempts ORDER BY status`,
      );
      expect(rows).toEqual([
        { status: 'pending', attempts: 0, n: 7 },
        { status: 'sent', attempts: 1, n: 3 },
      ]);

      // Already out of time: nothing is claimed at all.
      expect(await deliverOutbox(db, deps(mailer, { outOfTime: () => true }))).toEqual({ sent: 0, failed: 0, retried: 0, deferred: true });
      expect(calls).toHaveLength(3);
    });

    it('fails a message with attachments when no attachment loader is configured', async () => {
      const [id] = await enqueue(1, { attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', storageKey: 'k' }] });
      const { mailer, calls } = recordingMailer();
      expect(await deliverOutbox(db, deps(mailer))).toEqual({ sent: 0, failed: 1, retried: 0 });
      expect(calls).toHaveLength(0);
      expect((await row(id)).last_error).toMatch(/no attachment loader/);
    });
  });
});
