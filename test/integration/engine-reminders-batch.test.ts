import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDatabase } from '../../bench/counting-database';
import { hashRequestToken } from '../../shared/app/engine/request-token';
import { sendDueReminders, sendDueRemindersInTime } from '../../shared/app/engine/run-reminders';
import { runTick } from '../../shared/app/jobs/run-tick';
import { enqueueEmails } from '../../shared/app/mail/enqueue-email';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database, Queryable } from '../../shared/ports/database';
import { createScenario, outboxOf, requestsOf, sendScenario, type Scenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

const hour = 3_600_000;

/**
 * The tick's reminders in batches (SPEC §3.5): on the Data API every statement is an HTTPS call, so a batch
 * must cost the same few statements whether it reminds 3 musicians or 30 — and still give each request its
 * own working link, in the musician's language, exactly once, also with two runs at once.
 */
describe.each(['pg', 'data-api'] as const)('reminders in batches (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let baseUrl: string;
  let n = 0;

  /**
   * A first_come need asking all `musicians` at once, sent now; reminders due after 7.5 h. Mixed: the odd
   * ones read English, the even ones Swedish; otherwise all Swedish.
   */
  async function sentScenario(musicians: number, languages: 'mixed' | 'sv' = 'mixed'): Promise<Scenario> {
    n += 1;
    const s = await createScenario(db, { label: `batch${n}`, strategy: 'first_come', quantity: 1, musicians, responseHours: 10 });
    if (languages === 'mixed') await db.query(`UPDATE musicians SET language = 'en' WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb)) AND last_name ~ '[13579]$'`, {
      ids: s.musicianIds,
    });
    await sendScenario(db, product.clock, baseUrl, s);
    // The next tick hands the request emails to the mail service: the response time runs from then (SPEC §3.5).
    await runTick(product.runtime);
    return s;
  }

  /** Reminds what is due 8 h on, counting the statements and transactions it took. */
  async function remindCounted(options?: { batchSize?: number }) {
    product.clock.advance(8 * hour);
    const counting = countingDatabase(db);
    const reminded = await sendDueReminders(counting, { clock: product.clock, orchestraBaseUrl: baseUrl }, options);
    return { reminded, ...counting.counts() };
  }

  const reminders = async (s: Scenario) => (await outboxOf(db, s)).filter((m) => m.kind === 'reminder');

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra(`batch-${adapter}`, { seed: true });
    db = await product.orchestraDb(orchestra);
    baseUrl = publicBaseUrl(product.runtime.config, orchestra.record.subdomain);
    await db.query(`UPDATE settings SET reminder_percent = 75`);
  });
  afterAll(() => product?.close());

  it('costs the same statements for 3 reminders as for 30, each with its own link in its own language', async () => {
    await sentScenario(3);
    const three = await remindCounted();
    const s = await sentScenario(30);
    const thirty = await remindCounted();

    expect([three.reminded, thirty.reminded]).toEqual([3, 30]);
    // Claim, contexts, tokens, the sv and the en template, outbox: one transaction.
    expect({ statements: thirty.statements, transactions: thirty.transactions }).toEqual({ statements: three.statements, transactions: three.transactions });
    expect(thirty.statements).toBeLessThanOrEqual(6);
    expect(thirty.transactions).toBe(1);

    const mails = await reminders(s);
    expect(mails).toHaveLength(30);
    expect(new Set(mails.map((m) => m.request_id))).toEqual(new Set((await requestsOf(db, s)).map((r) => r.id)));
    const { rows: languages } = await db.query<{ request_id: string; language: string; email: string }>(
      `SELECT r.id AS request_id, m.language, m.email FROM requests r JOIN musicians m ON m.id = r.musician_id WHERE r.project_id = :p::uuid`,
      { p: s.projectId },
    );
    const { rows: tokens } = await db.query<{ token_hash: string; request_id: string }>(
      `SELECT t.token_hash, t.request_id FROM request_tokens t JOIN requests r ON r.id = t.request_id WHERE r.project_id = :p::uuid`,
      { p: s.projectId },
    );
    const requestOfToken = new Map(tokens.map((t) => [t.token_hash, t.request_id]));
    for (const mail of mails) {
      const musician = languages.find((l) => l.request_id === mail.request_id)!;
      expect(mail.to_address).toBe(musician.email);
      expect(mail.text_body).toMatch(musician.language === 'en' ? /^Dear / : /^Hej /);
      // The link in this email answers this email's request, and no other.
      const token = /\/respond\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
      expect(requestOfToken.get(hashRequestToken(token))).toBe(mail.request_id);
    }
    expect(new Set(languages.map((l) => l.language))).toEqual(new Set(['sv', 'en']));
  });

  it('stays at the same count per batch when the due reminders fill several batches', async () => {
    // One language, so that every batch loads the same templates whichever rows it claims.
    await sentScenario(3, 'sv');
    const one = await remindCounted({ batchSize: 5 });
    await sentScenario(12, 'sv');
    // 5 + 5 + 2: three batches of the same cost.
    const three = await remindCounted({ batchSize: 5 });
    expect([one.reminded, three.reminded]).toEqual([3, 12]);
    expect({ statements: three.statements, transactions: three.transactions }).toEqual({ statements: one.statements * 3, transactions: 3 });
  });

  it('starts no new batch once the tick is out of time, and leaves the rest due for the next run', async () => {
    const s = await sentScenario(12, 'sv');
    product.clock.advance(8 * hour);
    let batchesAsked = 0;
    // Asked before each batch: time runs out after the first.
    const first = await sendDueRemindersInTime(db, { clock: product.clock, orchestraBaseUrl: baseUrl }, { batchSize: 5, outOfTime: () => ++batchesAsked > 1 });
    expect(first).toEqual({ reminded: 5, deferred: true });
    expect(await reminders(s)).toHaveLength(5);

    expect(await sendDueRemindersInTime(db, { clock: product.clock, orchestraBaseUrl: baseUrl }, { batchSize: 5 })).toEqual({ reminded: 7, deferred: false });
    expect(new Set((await reminders(s)).map((m) => m.request_id)).size).toBe(12);
  });

  it('stamps a musician without an address (erased) but sends them nothing', async () => {
    const s = await sentScenario(3);
    // Erased as eraseMusician leaves a musician (which itself refuses while a request waits: this is the guard behind it).
    await db.query(
      `UPDATE musicians SET first_name = '', last_name = '', email = NULL, phone = NULL, notes = '', active = false,
              archived_at = now(), erased_at = now()
        WHERE id = :id::uuid`,
      { id: s.musicianIds[1] },
    );
    const { reminded } = await remindCounted();
    expect(reminded).toBe(3);
    const requests = await requestsOf(db, s);
    expect(requests.every((r) => r.reminded_at !== null)).toBe(true);
    const mails = await reminders(s);
    expect(mails.map((m) => m.to_address).sort()).toEqual([s.emails[0], s.emails[2]].sort());
    const silent = requests.find((r) => r.musician_id === s.musicianIds[1])!;
    const { rows } = await db.query(`SELECT 1 FROM request_tokens WHERE request_id = :id::uuid`, { id: silent.id });
    expect(rows).toHaveLength(0);
  });

  it('two runs at once in small batches remind every request exactly once', async () => {
    const s = await sentScenario(30);
    product.clock.advance(8 * hour);
    const run = () => sendDueReminders(db, { clock: product.clock, orchestraBaseUrl: baseUrl }, { batchSize: 4 });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a + b).toBe(30);
    const mails = await reminders(s);
    expect(mails).toHaveLength(30);
    expect(new Set(mails.map((m) => m.request_id)).size).toBe(30);
    expect(await run()).toBe(0);
  });

  describe('enqueueEmails', () => {
    /** Counts the statements a Queryable is sent (the transaction's handle, not the Database). */
    function countingTx(tx: Queryable): Queryable & { statements: () => number } {
      let statements = 0;
      return {
        query: (sql, params) => {
          statements += 1;
          return tx.query(sql, params);
        },
        statements: () => statements,
      };
    }

    async function outboxRows(ids: string[]) {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT id, kind, to_address, subject, text_body, html_body, attachments, request_id, group_email_id, status
           FROM outbox WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))`,
        { ids },
      );
      return ids.map((id) => rows.find((r) => r.id === id));
    }

    it('writes several rows, with and without request ids, in one statement and returns their ids in order', async () => {
      const s = await sentScenario(2);
      const [first, second] = await requestsOf(db, s);
      const { rows: groups } = await db.query<{ id: string }>(
        `INSERT INTO group_emails (project_id, subject, body, filter, sent_by_email) VALUES (:p::uuid, 'Info', 'Hej', '{}'::jsonb, 'admin@example.org') RETURNING id`,
        { p: s.projectId },
      );
      const file = { filename: 'Noter.pdf', contentType: 'application/pdf', storageKey: 'k/noter.pdf' };
      const inline = { filename: 'konsert.ics', contentType: 'text/calendar', contentBase64: 'QkVHSU4=' };

      const { ids, statements } = await db.transaction(async (tx) => {
        const counted = countingTx(tx);
        const written = await enqueueEmails(counted, [
          { kind: 'reminder', to: ' a@example.org ', subject: 'Påminnelse', text: 'Hej A', html: '<p>Hej A</p>', requestId: first.id },
          { kind: 'exhausted', to: 'office@example.org', subject: 'Slut på listan', text: 'Hej kansliet' },
          { kind: 'confirmation', to: 'b@example.org', subject: 'Välkommen', text: 'Hej B', attachments: [file, inline], requestId: second.id },
          { kind: 'group', to: 'c@example.org', subject: 'Info', text: 'Hej C', attachments: [file], groupEmailId: groups[0].id },
        ]);
        return { ids: written.map((w) => w.id), statements: counted.statements() };
      });

      expect(statements).toBe(1);
      expect(new Set(ids).size).toBe(4);
      const base = { html_body: null, attachments: [], request_id: null, group_email_id: null, status: 'pending' };
      expect(await outboxRows(ids)).toEqual([
        { ...base, id: ids[0], kind: 'reminder', to_address: 'a@example.org', subject: 'Påminnelse', text_body: 'Hej A', html_body: '<p>Hej A</p>', request_id: first.id },
        { ...base, id: ids[1], kind: 'exhausted', to_address: 'office@example.org', subject: 'Slut på listan', text_body: 'Hej kansliet' },
        { ...base, id: ids[2], kind: 'confirmation', to_address: 'b@example.org', subject: 'Välkommen', text_body: 'Hej B', attachments: [file, inline], request_id: second.id },
        { ...base, id: ids[3], kind: 'group', to_address: 'c@example.org', subject: 'Info', text_body: 'Hej C', attachments: [file], group_email_id: groups[0].id },
      ]);
    });

    it('writes rows without any request id, writes nothing for no emails, and rolls back with the transaction', async () => {
      const emails = [1, 2, 3].map((i) => ({ kind: 'exhausted', to: `office${i}@example.org`, subject: `Slut ${i}`, text: `Lista ${i}` }));
      const ids = (await db.transaction((tx) => enqueueEmails(tx, emails))).map((w) => w.id);
      expect((await outboxRows(ids)).map((r) => [r?.to_address, r?.request_id])).toEqual([
        ['office1@example.org', null],
        ['office2@example.org', null],
        ['office3@example.org', null],
      ]);

      const none = await db.transaction(async (tx) => {
        const counted = countingTx(tx);
        return { written: await enqueueEmails(counted, []), statements: counted.statements() };
      });
      expect(none).toEqual({ written: [], statements: 0 });

      let rolledBack: string[] = [];
      await expect(
        db.transaction(async (tx) => {
          rolledBack = (await enqueueEmails(tx, emails)).map((w) => w.id);
          throw new Error('business rule refused');
        }),
      ).rejects.toThrow('business rule refused');
      expect(await outboxRows(rolledBack)).toEqual([undefined, undefined, undefined]);
    });

    it('splits very long emails over a few statements (the Data API takes at most 4 MiB a request)', async () => {
      // Three emails of ~420 KB: the first two share a statement (≤ 1 MiB of rows), the third needs another.
      const long = 'Lång text. '.repeat(35_000);
      const emails = [1, 2, 3].map((i) => ({ kind: 'group', to: `long${i}@example.org`, subject: `Lång ${i}`, text: long }));
      const { ids, statements } = await db.transaction(async (tx) => {
        const counted = countingTx(tx);
        const written = await enqueueEmails(counted, emails);
        return { ids: written.map((w) => w.id), statements: counted.statements() };
      });
      expect(statements).toBe(2);
      // Lengths only: the bodies themselves would exceed the Data API's 1 MiB response.
      const { rows } = await db.query<{ id: string; to_address: string; length: number }>(
        `SELECT id, to_address, length(text_body)::int AS length FROM outbox WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))`,
        { ids },
      );
      expect(ids.map((id) => rows.find((r) => r.id === id))).toEqual([1, 2, 3].map((i) => ({ id: ids[i - 1], to_address: `long${i}@example.org`, length: long.length })));
    });
  });
});
