import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTick, type TickOptions } from '../../shared/app/jobs/run-tick';
import { publicBaseUrl } from '../../shared/config/app-config';
import { formatDeadline } from '../../shared/domain/engine/format-for-email';
import type { Database } from '../../shared/ports/database';
import { MailDeliveryError, type Mailer } from '../../shared/ports/mailer';
import { createScenario, requestsOf, sendScenario, type Scenario, type ScenarioOptions } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

const minute = 60_000;
const hour = 3_600_000;

/**
 * The tick's mail delivery (SPEC §3.5, §3.6; issue #14 point 18): one sending budget for the account, shared
 * by the orchestras that have mail, the most urgent message first whichever orchestra it belongs to, and a
 * request's deadline counted from the moment its email is handed to the mail service. Time is a fake wall
 * clock that only the tick's own waits move, so pacing is checked by the waits asked for, never by timing.
 */
describe.each(['pg', 'data-api'] as const)('tick mail delivery (%s adapter)', (adapter) => {
  let product: TestProduct;
  let festival: Orchestra;
  let emergency: Orchestra;
  let festivalDb: Database;
  let emergencyDb: Database;
  let n = 0;
  let realMailer: Mailer;
  let realRate: number;

  async function sent(orchestra: Orchestra, db: Database, options: Omit<ScenarioOptions, 'label'>): Promise<Scenario> {
    n += 1;
    const s = await createScenario(db, { label: `mail${n}`, ...options });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    return s;
  }
  const festivalOf = (size: number) => sent(festival, festivalDb, { strategy: 'first_come', quantity: 2, maxRecipients: size, musicians: size, responseHours: 48 });
  const emergencyIn = (orchestra: Orchestra, db: Database) => sent(orchestra, db, { strategy: 'sequential', quantity: 1, musicians: 2, responseHours: 2 });

  /** A wall clock that stands still but for the tick's waits, and the waits it was asked for. */
  function fakeTime(startMs = 0): Required<Pick<TickOptions, 'wallClock' | 'sleep'>> & { waits: number[] } {
    let now = startMs;
    const waits: number[] = [];
    return {
      waits,
      wallClock: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    };
  }

  /** The recipients in the order the mail service got them. */
  function recordingMailer(): { order: string[] } {
    const order: string[] = [];
    product.runtime.mailer = {
      async send(email) {
        order.push(...email.to);
        return realMailer.send(email);
      },
    };
    return { order };
  }

  async function request(db: Database, id: string) {
    const { rows } = await db.query<{ status: string; sent_at: string; deadline_at: string; remind_at: string; reminded_at: string | null }>(
      `SELECT status, sent_at, deadline_at, remind_at, reminded_at FROM requests WHERE id = :id::uuid`,
      { id },
    );
    return rows[0];
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    festival = await product.addOrchestra('festival', { seed: true });
    emergency = await product.addOrchestra('emergency', { seed: true });
    await product.addOrchestra('quiet');
    festivalDb = await product.orchestraDb(festival);
    emergencyDb = await product.orchestraDb(emergency);
    realMailer = product.runtime.mailer;
    realRate = product.runtime.config.MAIL_RATE_PER_SECOND;
  });
  afterEach(() => {
    product.runtime.mailer = realMailer;
    product.runtime.config.MAIL_RATE_PER_SECOND = realRate;
    product.clock.useRealTime();
  });
  afterAll(() => product?.close());

  it('gives one orchestra that has all the mail the whole sending rate, not a share per orchestra served', async () => {
    // At 4 a second the tick's one delivery worker sends every 250 ms: the waits it asks for say so exactly.
    product.runtime.config.MAIL_RATE_PER_SECOND = 4;
    const s = await festivalOf(12);
    const { order } = recordingMailer();
    const time = fakeTime();

    const report = await runTick(product.runtime, time);

    expect(report.sent).toBe(12);
    expect(order.sort()).toEqual([...s.emails].sort());
    expect(time.waits).toEqual(Array(11).fill(250));
  });

  it('sends the most urgent request first: a 2-hour emergency before a 48-hour festival queued earlier', async () => {
    const festivalAsks = await festivalOf(15);
    const urgent = await emergencyIn(festival, festivalDb);
    const { order } = recordingMailer();

    await runTick(product.runtime, fakeTime());

    expect(order).toHaveLength(16);
    expect(order[0]).toBe(urgent.emails[0]);
    expect(order.slice(1).sort()).toEqual([...festivalAsks.emails].sort());
  });

  it("sends another orchestra's emergency before the festival of the orchestra served first", async () => {
    const festivalAsks = await festivalOf(15);
    const urgent = await emergencyIn(emergency, emergencyDb);
    const { rows } = await product.runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras WHERE status = 'active' ORDER BY subdomain`);
    // The tick starts each minute at another orchestra: this minute, at the festival's, one orchestra at a time.
    const festivalFirst = rows.findIndex((r) => r.subdomain === festival.record.subdomain) * minute;
    const { order } = recordingMailer();

    await runTick(product.runtime, { ...fakeTime(festivalFirst), concurrency: 1 });

    expect(order).toHaveLength(16);
    expect(order[0]).toBe(urgent.emails[0]);
    expect(order.slice(1).sort()).toEqual([...festivalAsks.emails].sort());
  });

  it('counts the deadline and the reminder from the moment the email is sent, and says that deadline in it', async () => {
    const queuedAt = product.clock.now().getTime();
    const urgent = await emergencyIn(emergency, emergencyDb);
    const [asked] = await requestsOf(emergencyDb, urgent);
    // The email waits half an hour in the outbox (a long queue, SES refusing meanwhile): the musician's two hours start when it goes.
    product.clock.advance(30 * minute);

    await runTick(product.runtime, fakeTime());

    const r = await request(emergencyDb, asked.id);
    expect(Date.parse(r.sent_at)).toBeGreaterThanOrEqual(queuedAt + 30 * minute);
    expect(Date.parse(r.deadline_at) - Date.parse(r.sent_at)).toBe(2 * hour);
    expect(Date.parse(r.remind_at) - Date.parse(r.sent_at)).toBe(1.5 * hour);
    const said = formatDeadline(new Date(r.deadline_at), 'Europe/Stockholm', 'sv');
    const summary = (await product.runtime.mailbox.list()).find((m) => m.to.includes(urgent.emails[0]))!;
    const mail = (await product.runtime.mailbox.read(summary.id))!;
    expect(mail.text).toContain(`senast ${said} här`);
    expect(mail.html).toContain(`senast ${said} här`);
    // The copy kept for the communication log says the same.
    const { rows } = await emergencyDb.query<{ text_body: string }>(`SELECT text_body FROM outbox WHERE request_id = :id::uuid`, { id: asked.id });
    expect(rows[0].text_body).toContain(`senast ${said} här`);
  });

  it('neither reminds nor times out a request whose email has not gone out yet; its time starts once it does', async () => {
    product.runtime.mailer = {
      send: async () => {
        throw new MailDeliveryError('SES Throttling: Maximum sending rate exceeded', true);
      },
    };
    const queuedAt = product.clock.now().getTime();
    const urgent = await emergencyIn(emergency, emergencyDb);
    const [asked] = await requestsOf(emergencyDb, urgent);
    await runTick(product.runtime, fakeTime());

    // Past the reminder and the deadline it would have had if sent when queued.
    product.clock.advance(3 * hour);
    await runTick(product.runtime, fakeTime());
    expect(await request(emergencyDb, asked.id)).toMatchObject({ status: 'pending', reminded_at: null });

    // SES takes mail again; the next try is due after the outbox's backoff.
    product.runtime.mailer = realMailer;
    product.clock.advance(5 * minute);
    await runTick(product.runtime, fakeTime());
    const r = await request(emergencyDb, asked.id);
    expect(r.status).toBe('pending');
    expect(Date.parse(r.sent_at)).toBeGreaterThanOrEqual(queuedAt + 3 * hour);
    expect(Date.parse(r.deadline_at) - Date.parse(r.sent_at)).toBe(2 * hour);
    const { rows } = await emergencyDb.query<{ kind: string; status: string }>(`SELECT kind, status FROM outbox WHERE request_id = :id::uuid`, { id: asked.id });
    expect(rows).toEqual([{ kind: 'request', status: 'sent' }]);
  });
});
