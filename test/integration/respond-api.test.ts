import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, linkTokens, outboxOf, requestsOf, sendScenario, type Scenario, type ScenarioOptions } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * The musician's side of the request engine (SPEC §3.5) through the real HTTP server and the orchestra's own
 * PostgreSQL, once per database adapter: the link's page reads only, yes books while seats remain and
 * confirms with a calendar file, no refills, a second answer gets the first result, late and unknown links
 * are refused without telling anything.
 */
describe.each(['pg', 'data-api'] as const)('respond API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let n = 0;

  const get = (token: string, host = orchestra.host) => product.call('GET', `/api/respond/${token}`, { host });
  const post = (token: string, answer: unknown) => product.call('POST', `/api/respond/${token}`, { host: orchestra.host, body: { answer } });

  async function sent(options: Omit<ScenarioOptions, 'label'>): Promise<{ s: Scenario; tokens: Map<string, string> }> {
    n += 1;
    const s = await createScenario(db, { label: `r${n}`, ...options });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    return { s, tokens: await linkTokens(db, s) };
  }

  /** Where the product keeps a project's files: under the orchestra's own prefix, as uploads put them. */
  const projectFiles = (s: Scenario) => `orchestras/${orchestra.record.id}/projects/${s.projectId}`;

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('respond', { seed: true });
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('shows the request on GET and changes nothing, however often the link is opened', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 2 });
    const token = tokens.get(s.musicianIds[0])!;
    await db.query(
      `INSERT INTO files (project_id, storage_key, filename, content_type, size_bytes, send_on, confirmed_at)
       VALUES (:p::uuid, :k1, 'Noter.pdf', 'application/pdf', 1234, 'request', now()),
              (:p::uuid, :k2, 'Karta.pdf', 'application/pdf', 99, 'accept', now()),
              (:p::uuid, :k3, 'Halvfärdig.pdf', 'application/pdf', 5, 'request', NULL)`,
      { p: s.projectId, k1: `${projectFiles(s)}/a`, k2: `${projectFiles(s)}/b`, k3: `${projectFiles(s)}/c` },
    );
    const before = { requests: await requestsOf(db, s), outbox: await outboxOf(db, s) };

    const first = await get(token);
    const second = await get(token);
    expect(first.status).toBe(200);
    expect(second.json.state).toBe('open');
    expect(first.json).toMatchObject({
      state: 'open',
      answer: null,
      language: 'sv',
      musician: { firstName: 'Spelare1' },
      project: { name: `Projekt r${n}`, startDate: '2027-03-14', week: 10, rehearsalSchedule: 'Mån–Ons 10–13', concertInfo: 'Lördag 19.00 i Konserthuset' },
      position: { name: 'Tutti violin 1' },
      instrument: { name: expect.any(String) },
      files: [{ filename: 'Noter.pdf', contentType: 'application/pdf', sizeBytes: 1234 }],
    });
    // A short-lived signed download link, only for the on-request file that is really uploaded.
    expect(first.json.files[0].url).toMatch(/download\?.*signature=/);
    expect(first.json.message).toContain('Tutti violin 1');
    expect(first.json.musician).toEqual({ firstName: 'Spelare1' }); // no last name, no address
    expect(JSON.stringify(first.json)).not.toContain('@example.org');
    expect(await requestsOf(db, s)).toEqual(before.requests);
    expect(await outboxOf(db, s)).toEqual(before.outbox);
  });

  it('answers unknown, malformed and apex-host links with the same 404', async () => {
    const unknown = await get('A'.repeat(43));
    const malformed = await get('not-a-token!');
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(malformed.json).toEqual(unknown.json);
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 1 });
    expect((await get(tokens.get(s.musicianIds[0])!, product.apexHost)).status).toBe(404);
    expect((await post('A'.repeat(43), 'yes')).status).toBe(404);
  });

  it("answers 423 with a clear message on a suspended orchestra's links", async () => {
    const suspended = await product.addOrchestra('dormant', { status: 'suspended' });
    const res = await product.call('GET', `/api/respond/${'A'.repeat(43)}`, { host: suspended.host });
    expect(res.status).toBe(423);
    expect(res.json.error).toMatchObject({ code: 'suspended', message: expect.stringContaining('is suspended') });
  });

  it('refuses an answer that is not yes or no with the field and the reason', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 1 });
    const res = await post(tokens.get(s.musicianIds[0])!, 'maybe');
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: 'answer', message: 'must be yes or no' }]);
    expect((await requestsOf(db, s))[0].status).toBe('pending');
  });

  it('books a yes, confirms it with the calendar file and the on-accept files, and fills the need', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 2, language: 'en' });
    await db.query(
      `INSERT INTO files (project_id, need_id, storage_key, filename, content_type, size_bytes, send_on, confirmed_at)
       VALUES (:p::uuid, :needId::uuid, :k, 'Parts.pdf', 'application/pdf', 1000, 'accept', now())`,
      { p: s.projectId, needId: s.needId, k: `${projectFiles(s)}/parts` },
    );
    const res = await post(tokens.get(s.musicianIds[0])!, 'yes');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state: 'accepted', answer: 'yes', language: 'en' });
    expect(res.json.message).toMatch(/^Thank you! You are booked as Tutti violin 1/);

    const requests = await requestsOf(db, s);
    expect(requests.map((r) => r.status)).toEqual(['accepted']);
    const { rows: need } = await db.query<{ status: string }>(`SELECT status FROM needs WHERE id = :id::uuid`, { id: s.needId });
    expect(need[0].status).toBe('filled');

    const confirmation = (await outboxOf(db, s)).find((m) => m.kind === 'confirmation')!;
    expect(confirmation.to_address).toBe(s.emails[0]);
    expect(confirmation.text_body).toContain('Thank you for saying yes');
    expect(confirmation.attachments.map((a) => a.filename)).toEqual([`Projekt r${n}.ics`, 'Parts.pdf']);
    const ics = Buffer.from(confirmation.attachments[0].contentBase64, 'base64').toString('utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('DTSTART;VALUE=DATE:20270314');
    expect(ics).toContain(`SUMMARY:Projekt r${n} – Tutti violin 1`);
    expect(confirmation.attachments[1]).toEqual({ filename: 'Parts.pdf', contentType: 'application/pdf', storageKey: `${projectFiles(s)}/parts` });

    // Delivered with the calendar file and the stored file as real attachments.
    await product.runtime.files.put(`${projectFiles(s)}/parts`, Buffer.from('%PDF-1.4 parts'), 'application/pdf');
    await product.deliverAndReadMail(s.emails[0]);
    const summary = (await product.runtime.mailbox.list()).find((m) => m.to.includes(s.emails[0]) && m.subject.startsWith('Confirmed'))!;
    const mail = (await product.runtime.mailbox.read(summary.id))!;
    expect(mail.attachments.map((a) => [a.filename, a.contentType.split(';')[0]])).toEqual([
      [`Projekt r${n}.ics`, 'text/calendar'],
      ['Parts.pdf', 'application/pdf'],
    ]);
  });

  it('gives a second answer the first answer\'s status and body, and changes nothing', async () => {
    const { s, tokens } = await sent({ strategy: 'parallel', quantity: 2, musicians: 3 });
    const yes = tokens.get(s.musicianIds[0])!;
    const first = await post(yes, 'yes');
    const again = await post(yes, 'no');
    expect(again.status).toBe(first.status);
    expect(again.json).toEqual(first.json);
    expect((await get(yes)).json).toEqual(first.json);

    const no = tokens.get(s.musicianIds[1])!;
    const declined = await post(no, 'no');
    expect(declined.status).toBe(200);
    expect(declined.json).toMatchObject({ state: 'declined', answer: 'no' });
    expect((await post(no, 'yes')).json).toEqual(declined.json);

    const requests = await requestsOf(db, s);
    expect(requests.filter((r) => r.status === 'accepted')).toHaveLength(1);
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'confirmation')).toHaveLength(1);
  });

  it('asks the next musician after a no (the strategy refills)', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 3 });
    expect((await requestsOf(db, s)).map((r) => r.musician_id)).toEqual([s.musicianIds[0]]);
    expect((await post(tokens.get(s.musicianIds[0])!, 'no')).status).toBe(200);
    const requests = await requestsOf(db, s);
    expect(requests.map((r) => [r.musician_id, r.status])).toEqual([
      [s.musicianIds[0], 'declined'],
      [s.musicianIds[1], 'pending'],
    ]);
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'request').map((m) => m.to_address)).toEqual([s.emails[0], s.emails[1]]);
  });

  it('asks the next musician in the same request after a yes that leaves seats open (SPEC §7.3, no tick)', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 2, musicians: 3 });
    expect((await post(tokens.get(s.musicianIds[0])!, 'yes')).json.state).toBe('accepted');
    expect((await requestsOf(db, s)).map((r) => [r.musician_id, r.status])).toEqual([
      [s.musicianIds[0], 'accepted'],
      [s.musicianIds[1], 'pending'],
    ]);
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'request').map((m) => m.to_address)).toEqual([s.emails[0], s.emails[1]]);
  });

  it('first_come: a yes that ends a wave without filling the need sends the next wave at once', async () => {
    const { s, tokens } = await sent({ strategy: 'first_come', quantity: 2, musicians: 4, maxRecipients: 2 });
    expect((await post(tokens.get(s.musicianIds[0])!, 'no')).status).toBe(200);
    const statuses = async () => {
      const byMusician = new Map((await requestsOf(db, s)).map((r) => [r.musician_id, r.status]));
      return s.musicianIds.map((id) => byMusician.get(id) ?? 'not asked');
    };
    expect(await statuses()).toEqual(['declined', 'pending', 'not asked', 'not asked']);
    expect((await post(tokens.get(s.musicianIds[1])!, 'yes')).json.state).toBe('accepted');
    expect(await statuses()).toEqual(['declined', 'accepted', 'pending', 'pending']);
  });

  it('first_come: the first yes fills the seat, the others are cancelled and told, a later yes is not booked', async () => {
    const { s, tokens } = await sent({ strategy: 'first_come', quantity: 1, musicians: 3 });
    expect((await post(tokens.get(s.musicianIds[1])!, 'yes')).json.state).toBe('accepted');
    const filledBefore = (await outboxOf(db, s)).filter((m) => m.kind === 'position_filled').map((m) => m.to_address).sort();
    expect(filledBefore).toEqual([s.emails[0], s.emails[2]].sort());

    const late = await post(tokens.get(s.musicianIds[0])!, 'yes');
    expect(late.status).toBe(200);
    expect(late.json).toMatchObject({ state: 'filled', answer: 'yes' });
    expect(late.json.message).toContain('redan tillsatt');
    expect((await post(tokens.get(s.musicianIds[0])!, 'no')).json).toEqual(late.json);
    expect((await get(tokens.get(s.musicianIds[2])!)).json).toMatchObject({ state: 'filled', answer: null });

    const requests = await requestsOf(db, s);
    expect(requests.map((r) => [r.musician_id, r.status, r.late_answer])).toEqual(
      expect.arrayContaining([
        [s.musicianIds[0], 'cancelled', 'yes'],
        [s.musicianIds[1], 'accepted', null],
        [s.musicianIds[2], 'cancelled', null],
      ]),
    );
    // Told once, when the seat was filled; the late yes gets the page, not a second email.
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'position_filled')).toHaveLength(2);
  });

  it('refuses an answer after the deadline with 410, even before the timeout job ran', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 2, responseHours: 2 });
    const token = tokens.get(s.musicianIds[0])!;
    product.clock.advance(2 * 3_600_000 + 1000);
    try {
      const first = await post(token, 'yes');
      expect(first.status).toBe(410);
      expect(first.json.error.code).toBe('expired');
      expect(first.json.error.message).toMatch(/^Svarstiden gick ut/);
      const again = await post(token, 'yes');
      expect(again.status).toBe(410);
      expect(again.json).toEqual(first.json);
      expect((await get(token)).json).toMatchObject({ state: 'expired' });
      expect((await requestsOf(db, s)).map((r) => r.status)).toEqual(['pending']); // the tick times it out
    } finally {
      product.clock.useRealTime();
    }
  });

  it('tells a musician whose request was withdrawn that there is nothing to answer (410)', async () => {
    const { s, tokens } = await sent({ strategy: 'sequential', quantity: 1, musicians: 1 });
    await db.query(`UPDATE requests SET status = 'withdrawn', closed_at = now() WHERE project_id = :p::uuid`, { p: s.projectId });
    const token = tokens.get(s.musicianIds[0])!;
    expect((await get(token)).json.state).toBe('withdrawn');
    const res = await post(token, 'yes');
    expect(res.status).toBe(410);
    expect(res.json.error.code).toBe('withdrawn');
  });
});
