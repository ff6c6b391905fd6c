import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { timeOutDueRequests } from '../../shared/app/engine/run-timeouts';
import { runTick } from '../../shared/app/jobs/run-tick';
import { tickMetricsLine } from '../../shared/app/jobs/tick-metrics';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, requestsOf, sendScenario, type Scenario, type ScenarioOptions } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

const hour = 3_600_000;

/**
 * The tick's time budget: past its deadline it starts no new work (orchestra, refill, reminder batch, outbox
 * claim), reports what it deferred, and the next tick finishes it — a deferred refill is found by the stalled-need
 * sweep, whatever the strategy.
 */
describe('tick time budget (pg adapter)', () => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;
  let n = 0;

  const baseUrl = () => publicBaseUrl(product.runtime.config, orchestra.record.subdomain);

  async function sent(options: Omit<ScenarioOptions, 'label' | 'responseHours'>): Promise<Scenario> {
    n += 1;
    const s = await createScenario(db, { label: `budget${n}`, responseHours: 4, ...options });
    await sendScenario(db, product.clock, baseUrl(), s);
    // The next tick hands the request emails to the mail service: the response time runs from then (SPEC §3.5).
    await runTick(product.runtime);
    return s;
  }

  /** One project per strategy, each with every request it sent past its deadline. */
  async function threeTimedOutProjects(): Promise<Scenario[]> {
    const projects = [
      await sent({ strategy: 'sequential', quantity: 1, musicians: 3 }),
      await sent({ strategy: 'parallel', quantity: 2, musicians: 4 }),
      await sent({ strategy: 'first_come', quantity: 1, maxRecipients: 2, musicians: 4 }),
    ];
    product.clock.advance(4 * hour + 60_000);
    return projects;
  }

  const statuses = async (s: Scenario) => (await requestsOf(db, s)).map((r) => r.status);
  /** What each project looks like once refilled after its timeouts (and nothing more). */
  const refilled = [
    ['timed_out', 'pending'],
    ['timed_out', 'timed_out', 'pending', 'pending'],
    ['timed_out', 'timed_out', 'pending', 'pending'],
  ];

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('budget', { seed: true });
    db = await product.orchestraDb(orchestra);
  });
  afterEach(() => product.clock.useRealTime());
  afterAll(() => product?.close());

  it('claims every due timeout but refills only the projects started before the deadline; the next tick refills the rest', async () => {
    const projects = await threeTimedOutProjects();
    let refillsAsked = 0;
    // Asked before each project's refill: time runs out once the first one is done.
    const report = await timeOutDueRequests(db, { clock: product.clock, orchestraBaseUrl: baseUrl() }, { outOfTime: () => ++refillsAsked > 1 });

    expect(report).toMatchObject({ timedOut: 5, refilledProjects: 1, deferredRefills: 2, errors: [] });
    const after = await Promise.all(projects.map(statuses));
    expect(after.filter((st) => st.includes('pending'))).toHaveLength(1);
    expect(after.map((st) => st.filter((x) => x === 'timed_out').length)).toEqual([1, 2, 2]);

    // The next tick, with time to spare, finds the two deferred projects through its stalled-need sweep.
    await runTick(product.runtime);
    expect(await Promise.all(projects.map(statuses))).toEqual(refilled);
  });

  it('with the time already up, still commits the timeouts but starts no refill', async () => {
    const projects = await threeTimedOutProjects();
    const report = await timeOutDueRequests(db, { clock: product.clock, orchestraBaseUrl: baseUrl() }, { outOfTime: () => true });

    expect(report).toMatchObject({ timedOut: 5, refilledProjects: 0, deferredRefills: 3 });
    expect(await Promise.all(projects.map(statuses))).toEqual([['timed_out'], ['timed_out', 'timed_out'], ['timed_out', 'timed_out']]);

    await runTick(product.runtime);
    expect(await Promise.all(projects.map(statuses))).toEqual(refilled);
  });

  it('a tick past its deadline starts no orchestra and says so in its metrics line; the next tick does the work', async () => {
    const projects = await threeTimedOutProjects();
    const mailsBefore = (await product.runtime.mailbox.list()).length;

    const late = await runTick(product.runtime, { deadline: Date.now() - 1 });
    expect(late.deferred).toMatchObject({ orchestras: late.orchestras, refills: 0 });
    expect(late.orchestras).toBeGreaterThan(0);
    expect(late.timedOut).toBe(0);
    expect(await Promise.all(projects.map(statuses))).toEqual([['pending'], ['pending', 'pending'], ['pending', 'pending']]);
    expect((await product.runtime.mailbox.list()).length).toBe(mailsBefore);
    const line = JSON.parse(tickMetricsLine(late, 'test', new Date()));
    expect(line).toMatchObject({ TickOutOfTime: 1, deferred: { orchestras: late.orchestras } });

    // A deadline still ahead (read against the wall clock, not the business clock moved 4 h on) defers nothing.
    const onTime = await runTick(product.runtime, { deadline: Date.now() + 60_000 });
    expect(onTime.deferred).toEqual({ orchestras: 0, refills: 0, reminders: 0, deliveries: 0 });
    expect(onTime.timedOut).toBe(5);
    expect(await Promise.all(projects.map(statuses))).toEqual(refilled);
    expect(JSON.parse(tickMetricsLine(onTime, 'test', new Date())).TickOutOfTime).toBe(0);
  });

  it('a tick whose deadline passes mid-way defers the refills not started and the deliveries not claimed', async () => {
    const projects = await threeTimedOutProjects();
    // The wall clock runs out once the first refill has committed (this orchestra's second transaction).
    let now = 0;
    let refillTransactions = 0;
    const orchestraDatabase = product.runtime.orchestraDatabase;
    product.runtime.orchestraDatabase = async (record) => {
      const real = await orchestraDatabase(record);
      if (record.id !== orchestra.record.id) return real;
      return {
        ...real,
        transaction: async (fn) => {
          const result = await real.transaction(fn);
          // The first transaction is the reminder batch, the second the first refill.
          if (++refillTransactions === 2) now = 2;
          return result;
        },
      };
    };
    try {
      const report = await runTick(product.runtime, { deadline: 1, wallClock: () => now, concurrency: 1 });
      expect(report.timedOut).toBe(5);
      expect(report.deferred).toMatchObject({ refills: 2, deliveries: expect.any(Number) });
      expect(report.deferred!.deliveries).toBeGreaterThanOrEqual(1);
      expect((await Promise.all(projects.map(statuses))).filter((st) => st.includes('pending'))).toHaveLength(1);
    } finally {
      product.runtime.orchestraDatabase = orchestraDatabase;
    }
    await runTick(product.runtime);
    expect(await Promise.all(projects.map(statuses))).toEqual(refilled);
  });

  it('starts each minute one orchestra further down the list, so a tick out of time does not starve the same ones', async () => {
    await product.addOrchestra('budget-other');
    const { rows } = await product.runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras WHERE status = 'active' ORDER BY subdomain`);
    const all = rows.map((r) => r.subdomain);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const orchestraDatabase = product.runtime.orchestraDatabase;
    const started: string[] = [];
    product.runtime.orchestraDatabase = async (record) => {
      started.push(record.subdomain);
      return orchestraDatabase(record);
    };
    try {
      const order = async (minute: number) => {
        started.length = 0;
        await runTick(product.runtime, { concurrency: 1, wallClock: () => minute * 60_000 + 5_000 });
        return [...started];
      };
      expect(await order(0)).toEqual(all);
      expect(await order(1)).toEqual([...all.slice(1), all[0]]);
      expect(await order(all.length + 1)).toEqual([...all.slice(1), all[0]]);
    } finally {
      product.runtime.orchestraDatabase = orchestraDatabase;
    }
  });
});
