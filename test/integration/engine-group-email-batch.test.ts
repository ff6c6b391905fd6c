import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDatabase } from '../../bench/counting-database';
import { listGroupEmails, sendGroupEmail, type GroupEmailView } from '../../shared/app/engine/group-email';
import { answerRequest } from '../../shared/app/engine/respond-answer';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, requestsOf, sendScenario, type Scenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

const actor = { userId: '00000000-0000-4000-8000-000000000001', email: 'admin@example.org' };

/**
 * Group emails (SPEC §3.5) in a constant number of statements: on the Data API every statement is an HTTPS
 * call, so sending to 30 accepted musicians with 4 files must cost what 3 with 1 file costs, and listing 5
 * group emails what listing 1 costs — with each musician still getting their own message, logged with its
 * outbox row.
 */
describe.each(['pg', 'data-api'] as const)('group emails in batches (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let n = 0;

  /** A project whose parallel need has `musicians` seats, all accepted through the real answer. */
  async function acceptedProject(musicians: number): Promise<Scenario> {
    n += 1;
    const s = await createScenario(db, { label: `grp${n}`, strategy: 'parallel', quantity: musicians, musicians });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    for (const r of await requestsOf(db, s)) await answerRequest(db, r.id, 'yes', product.clock.now());
    return s;
  }

  async function uploadedFiles(s: Scenario, count: number): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO files (project_id, storage_key, filename, content_type, size_bytes, send_on, confirmed_at)
       SELECT :p::uuid, :p || '/file' || i, 'Stämma ' || i || '.pdf', 'application/pdf', 10, 'accept', now()
         FROM generate_series(1, :count::int) AS i
       RETURNING id`,
      { p: s.projectId, count },
    );
    return rows.map((r) => r.id);
  }

  async function sendCounted(s: Scenario, fileIds: string[]) {
    const counting = countingDatabase(db);
    const view = await sendGroupEmail(counting, actor, s.projectId, {
      subject: 'Information om {{projectName}}',
      body: 'Hej {{firstName}}! Samling kl 9.',
      fileIds,
    });
    return { view, ...counting.counts() };
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra(`group-${adapter}`, { seed: true });
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('costs the same statements for 3 recipients and 1 file as for 30 recipients and 4 files', async () => {
    const small = await acceptedProject(3);
    const three = await sendCounted(small, await uploadedFiles(small, 1));
    const large = await acceptedProject(30);
    const fileIds = await uploadedFiles(large, 4);
    const thirty = await sendCounted(large, fileIds);

    expect([three.view.recipients.length, thirty.view.recipients.length]).toEqual([3, 30]);
    expect({ statements: thirty.statements, transactions: thirty.transactions }).toEqual({ statements: three.statements, transactions: three.transactions });
    // Lock, files, accepted, group email, its files, contexts, outbox, recipients, audit, read back (3).
    expect(thirty.statements).toBeLessThanOrEqual(12);
    expect(thirty.transactions).toBe(1);

    // Each musician got their own message with every file, and the log points at that very message.
    const { rows } = await db.query<{ musician_id: string; email: string; outbox_id: string; to_address: string; text_body: string; attachments: { filename: string }[]; group_email_id: string }>(
      `SELECT gr.musician_id, m.email, gr.outbox_id, o.to_address, o.text_body, o.attachments, o.group_email_id
         FROM group_email_recipients gr
         JOIN musicians m ON m.id = gr.musician_id
         JOIN outbox o ON o.id = gr.outbox_id
        WHERE gr.group_email_id = :id::uuid`,
      { id: thirty.view.id },
    );
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.musician_id))).toEqual(new Set(large.musicianIds));
    for (const row of rows) {
      expect(row.to_address).toBe(row.email);
      expect(row.group_email_id).toBe(thirty.view.id);
      expect(row.text_body).toBe(`Hej Spelare${/-(\d+)@/.exec(row.email)![1]}! Samling kl 9.`);
      expect(row.attachments.map((a) => a.filename)).toEqual(['Stämma 1.pdf', 'Stämma 2.pdf', 'Stämma 3.pdf', 'Stämma 4.pdf']);
    }
    expect(thirty.view.files.map((f) => f.id).sort()).toEqual([...fileIds].sort());
    expect(thirty.view.recipients.map((r) => r.outboxId).sort()).toEqual(rows.map((r) => r.outbox_id).sort());
    expect(thirty.view.recipients.every((r) => r.status === 'pending')).toBe(true);
  });

  it('lists 5 group emails in the statements 1 takes, each as its send returned it, newest first', async () => {
    const one = await acceptedProject(2);
    const oneSent = [await sendGroupEmail(db, actor, one.projectId, { subject: 'Ett', body: 'Hej {{firstName}}', fileIds: await uploadedFiles(one, 1) })];
    const five = await acceptedProject(4);
    const fileIds = await uploadedFiles(five, 3);
    const fiveSent: GroupEmailView[] = [];
    for (let i = 0; i < 5; i++) {
      fiveSent.push(await sendGroupEmail(db, actor, five.projectId, { subject: `Nummer ${i}`, body: 'Hej {{firstName}}', fileIds: fileIds.slice(0, i % 4) }));
    }

    const listCounted = async (s: Scenario, page = { limit: 50, offset: 0 }) => {
      const counting = countingDatabase(db);
      const listed = await listGroupEmails(counting, s.projectId, page);
      return { listed, ...counting.counts() };
    };
    const listedOne = await listCounted(one);
    const listedFive = await listCounted(five);

    // Count, page, files, recipients.
    expect(listedFive.statements).toBe(listedOne.statements);
    expect(listedFive.statements).toBeLessThanOrEqual(4);
    expect(listedOne.listed).toEqual({ items: oneSent, total: 1 });
    expect(listedFive.listed.total).toBe(5);
    // created_at is each send's transaction start, and the sends ran one after another.
    const newestFirst = [...fiveSent].reverse();
    expect(listedFive.listed.items).toEqual(newestFirst);

    const secondPage = await listCounted(five, { limit: 2, offset: 2 });
    expect(secondPage.listed).toEqual({ items: newestFirst.slice(2, 4), total: 5 });
    const beyond = await listCounted(five, { limit: 2, offset: 10 });
    expect(beyond.listed).toEqual({ items: [], total: 5 });
  });
});
