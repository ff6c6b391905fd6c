import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../shared/app/jobs/run-tick';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, outboxOf, requestsOf, sendScenario, type Scenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

const hour = 3_600_000;

/**
 * The request engine's part of the one-minute tick (SPEC §3.5): one reminder at the orchestra's percentage
 * of the response time, timeouts at the deadline with the strategy's refill, and a stalled need picked up —
 * each with two ticks running at once, which must never send anything twice.
 */
describe('engine tick (pg adapter)', () => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let n = 0;

  async function sentScenario(responseHours: number): Promise<Scenario> {
    n += 1;
    const s = await createScenario(db, { label: `tick${n}`, strategy: 'sequential', quantity: 1, musicians: 3, responseHours });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    // The next tick hands the request email to the mail service: the response time runs from then (SPEC §3.5).
    await runTick(product.runtime);
    return s;
  }

  async function mailsTo(address: string, subjectStart: string): Promise<number> {
    return (await product.runtime.mailbox.list()).filter((m) => m.to.includes(address) && m.subject.startsWith(subjectStart)).length;
  }

  const twoTicksAtOnce = () => Promise.all([runTick(product.runtime), runTick(product.runtime)]);

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('ticks', { seed: true });
    db = await product.orchestraDb(orchestra);
    await db.query(`UPDATE settings SET reminder_percent = 75`);
  });
  afterEach(() => product.clock.useRealTime());
  afterAll(() => product?.close());

  it('reminds once at the reminder percentage, with a fresh link that answers the same request', async () => {
    const s = await sentScenario(10);
    // The link as the musician got it (the outbox copy of a delivered email keeps no token).
    const firstMail = (await product.runtime.mailbox.list()).find((m) => m.to.includes(s.emails[0]) && m.subject.startsWith('Förfrågan'))!;
    const firstToken = /\/respond\/([A-Za-z0-9_-]+)/.exec((await product.runtime.mailbox.read(firstMail.id))!.text)![1];

    product.clock.advance(7 * hour); // before 75 % of 10 h
    await twoTicksAtOnce();
    expect((await requestsOf(db, s))[0].reminded_at).toBeNull();

    product.clock.advance(1 * hour); // past 7.5 h
    const reports = await twoTicksAtOnce();
    expect(reports.map((r) => r.reminded).reduce((a, b) => a! + b!, 0)).toBe(1);
    expect((await requestsOf(db, s))[0].reminded_at).not.toBeNull();
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'reminder')).toHaveLength(1);
    expect(await mailsTo(s.emails[0], 'Påminnelse')).toBe(1);

    await twoTicksAtOnce();
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'reminder')).toHaveLength(1);

    // The link as the musician got it: once delivered, the outbox copy keeps no token.
    const reminderMail = (await product.runtime.mailbox.list()).find((m) => m.to.includes(s.emails[0]) && m.subject.startsWith('Påminnelse'))!;
    const reminderToken = /\/respond\/([A-Za-z0-9_-]+)/.exec((await product.runtime.mailbox.read(reminderMail.id))!.text)![1];
    expect((await outboxOf(db, s)).find((m) => m.kind === 'reminder')!.text_body).toContain('/respond/[sent]');
    expect(reminderToken).not.toBe(firstToken);
    const viaReminder = await product.call('GET', `/api/respond/${reminderToken}`, { host: orchestra.host });
    expect(viaReminder.json.state).toBe('open');
    const answered = await product.call('POST', `/api/respond/${reminderToken}`, { host: orchestra.host, body: { answer: 'yes' } });
    expect(answered.json.state).toBe('accepted');
    // The first email's link shows the same, single answer.
    const viaFirst = await product.call('POST', `/api/respond/${firstToken}`, { host: orchestra.host, body: { answer: 'no' } });
    expect(viaFirst.json).toEqual(answered.json);
  });

  it('times out at the deadline and asks the next musician once, with two ticks at once', async () => {
    const s = await sentScenario(4);
    product.clock.advance(4 * hour + 60_000);
    await twoTicksAtOnce();

    const requests = await requestsOf(db, s);
    expect(requests.map((r) => [r.musician_id, r.status])).toEqual([
      [s.musicianIds[0], 'timed_out'],
      [s.musicianIds[1], 'pending'],
    ]);
    expect((await outboxOf(db, s)).filter((m) => m.kind === 'request').map((m) => m.to_address)).toEqual([s.emails[0], s.emails[1]]);
    expect(await mailsTo(s.emails[1], 'Förfrågan')).toBe(1);

    await twoTicksAtOnce();
    expect(await requestsOf(db, s)).toHaveLength(2);
  });

  it('picks up a need left without anyone asked (a refill that never ran) on the next tick', async () => {
    const s = await sentScenario(48);
    // A no whose refill was lost (e.g. the process stopped right after the answer committed).
    await db.query(`UPDATE requests SET status = 'declined', answered_at = now() WHERE project_id = :p::uuid`, { p: s.projectId });
    await twoTicksAtOnce();
    const requests = await requestsOf(db, s);
    expect(requests.map((r) => [r.musician_id, r.status])).toEqual([
      [s.musicianIds[0], 'declined'],
      [s.musicianIds[1], 'pending'],
    ]);
  });

  it('sends nothing for a paused project, neither refill nor reminder', async () => {
    const s = await sentScenario(4);
    await db.query(`UPDATE projects SET paused = true WHERE id = :p::uuid`, { p: s.projectId });
    product.clock.advance(4 * hour + 60_000);
    await twoTicksAtOnce();
    expect((await requestsOf(db, s)).map((r) => r.status)).toEqual(['timed_out']);
  });
});
