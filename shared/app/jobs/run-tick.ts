import { publicBaseUrl } from '../../config/app-config';
import { orchestraSender } from '../../domain/mail-sender';
import type { Runtime } from '../../runtime/runtime';
import { findOrchestraBySubdomain } from '../../tenancy/orchestra-registry';
import { runEngineTick } from '../engine/run-engine-tick';
import { deliverOutbox } from '../mail/deliver-outbox';
import { readSettings } from '../settings/read-settings';
import { forEachWithConcurrency } from './for-each-with-concurrency';
import { outOfTimeAt } from './time-budget';

export interface TickReport {
  orchestras: number;
  sent: number;
  failed: number;
  /** Messages still waiting for delivery after this tick, over all databases (alarmed on when it grows). */
  backlog: number;
  /** Request engine: reminders written and requests timed out in this tick. */
  reminded?: number;
  timedOut?: number;
  errors: { orchestra: string; message: string }[];
  /** Work not started because the deadline passed; the next tick picks it up. */
  deferred?: TickDeferred;
}

export interface TickDeferred {
  /** Active orchestras not started at all (no engine work, no delivery). */
  orchestras: number;
  /** Projects whose refill was left to the next tick's stalled-need sweep. */
  refills: number;
  /** Orchestras whose reminders stopped before a batch (more may be due). */
  reminders: number;
  /** Databases (the control one included) whose delivery stopped claiming messages. */
  deliveries: number;
}

export interface TickOptions {
  concurrency?: number;
  maxMessagesPerDatabase?: number;
  /** Wall-clock epoch ms after which the tick starts no new work (tick-lambda: the Lambda's limit less a margin). */
  deadline?: number;
  /** The wall clock the deadline is read against; tests pass their own. */
  wallClock?: () => number;
}

/**
 * The one-minute job: deliver the control outbox, then work through every active orchestra with bounded
 * concurrency. One orchestra's failure is reported and does not stop the others. Safe to run twice at once:
 * delivery, reminders and timeouts all claim rows with SKIP LOCKED. Per orchestra: reminders, timeouts with
 * their refills, then delivery, so what the engine wrote goes out in the same tick.
 *
 * With a deadline the tick stops STARTING work once it has passed (no new orchestra, reminder batch, project
 * refill or outbox claim) and reports what it deferred; work already started finishes. Nothing is lost: claimed
 * timeouts are committed first, due reminders and outbox rows stay due, unrefilled needs are found by the next
 * tick's stalled-need sweep.
 */
export async function runTick(runtime: Runtime, options: TickOptions = {}): Promise<TickReport> {
  const deferred: TickDeferred = { orchestras: 0, refills: 0, reminders: 0, deliveries: 0 };
  const report: TickReport = { orchestras: 0, sent: 0, failed: 0, backlog: 0, reminded: 0, timedOut: 0, errors: [], deferred };
  const concurrency = options.concurrency ?? 4;
  const outOfTime = outOfTimeAt(options.deadline, options.wallClock);
  const deliver = async (db: Parameters<typeof deliverOutbox>[0], orchestra?: { id: string; name: string }) => {
    const orchestraId = orchestra?.id;
    // An orchestra's email is from its sender name (on the deployment's verified address) with its reply-to.
    const settings = orchestra ? await readSettings(db, orchestra.name) : undefined;
    const result = await deliverOutbox(db, {
      orchestraId,
      mailer: runtime.mailer,
      from: settings ? orchestraSender(runtime.config.MAIL_FROM, settings) : runtime.config.MAIL_FROM,
      replyTo: settings?.replyTo ?? undefined,
      clock: runtime.clock,
      // Orchestras deliver side by side, so each gets its share of the one SES sending rate.
      maxPerSecond: runtime.config.MAIL_RATE_PER_SECOND / concurrency,
      // Bounded so one tick ends well within the Lambda's time limit; the rest waits for the next.
      maxMessages: options.maxMessagesPerDatabase ?? 100,
      // Project files attached by storage key (request, confirmation, group emails); generated ones are inline.
      // Through the orchestra's own file store (its tenant session in AWS); the control outbox carries none.
      loadAttachment: (storageKey) =>
        orchestraId ? runtime.orchestraFiles(orchestraId).get(storageKey) : Promise.reject(new Error('control mail carries no project files')),
      outOfTime,
    });
    if (result.deferred) deferred.deliveries += 1;
    report.sent += result.sent;
    report.failed += result.failed;
    const { rows } = await db.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM outbox WHERE status IN ('pending', 'sending')`);
    report.backlog += rows[0].waiting;
  };

  try {
    await deliver(runtime.control);
  } catch (error) {
    report.errors.push({ orchestra: '(control)', message: (error as Error).message });
  }

  const { rows } = await runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras WHERE status = 'active' ORDER BY subdomain`);
  report.orchestras = rows.length;
  // Each minute starts one orchestra further down the list, so a tick that keeps running out of time does not
  // leave the same orchestras (the last in the list) without delivery minute after minute.
  const first = rows.length > 0 ? Math.floor((options.wallClock ?? Date.now)() / 60_000) % rows.length : 0;
  const inTurn = [...rows.slice(first), ...rows.slice(0, first)];
  await forEachWithConcurrency(inTurn, concurrency, async ({ subdomain }) => {
    // Past the deadline no orchestra is started; its work waits for the next tick.
    if (outOfTime()) {
      deferred.orchestras += 1;
      return;
    }
    try {
      const orchestra = await findOrchestraBySubdomain(runtime.control, subdomain);
      if (!orchestra) return;
      const db = await runtime.orchestraDatabase(orchestra);
      const engineDeps = {
        clock: runtime.clock,
        orchestraBaseUrl: publicBaseUrl(runtime.config, orchestra.subdomain),
        control: runtime.control,
        orchestraId: orchestra.id,
      };
      const engine = await runEngineTick(db, engineDeps, { outOfTime });
      if (engine.deferred.reminders) deferred.reminders += 1;
      deferred.refills += engine.deferred.refills;
      report.reminded = (report.reminded ?? 0) + engine.reminded;
      report.timedOut = (report.timedOut ?? 0) + engine.timedOut;
      for (const message of engine.errors) report.errors.push({ orchestra: subdomain, message });
      await deliver(db, orchestra);
    } catch (error) {
      report.errors.push({ orchestra: subdomain, message: (error as Error).message });
    }
  });
  return report;
}
