import { publicBaseUrl } from '../../config/app-config';
import { orchestraSender } from '../../domain/mail-sender';
import type { Database } from '../../ports/database';
import type { Runtime } from '../../runtime/runtime';
import { findOrchestraBySubdomain } from '../../tenancy/orchestra-registry';
import { runEngineTick } from '../engine/run-engine-tick';
import { startMailDelivery, type MailSource } from '../mail/deliver-mail';
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
  /** Outboxes (the control database's included) that still had mail due when delivery stopped for time. */
  deliveries: number;
}

export interface TickOptions {
  /** Orchestras whose engine work runs at once. */
  concurrency?: number;
  /** Messages sent in all, over every outbox; unlimited when not given (the deadline bounds a real tick). */
  maxMessages?: number;
  /** Wall-clock epoch ms after which the tick starts no new work (tick-lambda: the Lambda's limit less a margin). */
  deadline?: number;
  /** The wall clock the deadline is read against; tests pass their own. */
  wallClock?: () => number;
  /** Waits between sends (pacing to the sending rate); tests pass their own, with their wallClock. */
  sleep?: (ms: number) => Promise<void>;
}

/** See runTick: the longest the tick's engine work holds back its mail. */
const sendingStartsWithinMs = 5_000;

/**
 * Sends in flight at once for a sending rate: a send waits on SES (tens of ms) and on its row's update through the
 * Data API, about five a second each, so the rate can be reached; each still waits its turn on the one budget.
 */
export function deliveryWorkers(ratePerSecond: number): number {
  return Math.min(16, Math.max(1, Math.ceil(ratePerSecond / 5)));
}

/**
 * The one-minute job: every active orchestra's engine work (reminders, timeouts with their refills) with bounded
 * concurrency, then one mail delivery for the whole account: the control outbox and every orchestra's (with what
 * the engine just wrote), all within the one sending rate, the most urgent message first whichever outbox holds
 * it. With many orchestras sending starts before the last engine work is done (sendingStartsWithinMs). One
 * orchestra's failure is reported and does not stop the others. Safe to run twice at once: delivery, reminders
 * and timeouts all claim rows with SKIP LOCKED.
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
  const wallClock = options.wallClock ?? Date.now;
  const outOfTime = outOfTimeAt(options.deadline, wallClock);
  const rate = runtime.config.MAIL_RATE_PER_SECOND;
  const mail = startMailDelivery({
    mailer: runtime.mailer,
    clock: runtime.clock,
    // One budget for the account, whichever orchestras have mail: one with all of it gets all of it.
    ratePerSecond: rate,
    workers: deliveryWorkers(rate),
    maxMessages: options.maxMessages,
    outOfTime,
    wallClock,
    sleep: options.sleep,
  });
  // Sending starts once every orchestra's engine work is done, so the account's most urgent message goes first
  // whichever outbox holds it; but never later than this into the tick, so a tick serving many orchestras still
  // sends through most of its time (outboxes added later join by urgency).
  const startSending = setTimeout(() => mail.start(), sendingStartsWithinMs);
  /** Every outbox the tick looked at, for the backlog count once delivery is over. */
  const outboxes: { name: string; db: Database }[] = [];
  const addOutbox = async (source: MailSource) => {
    outboxes.push({ name: source.name, db: source.db });
    await mail.add(source);
  };

  let failure: unknown;
  try {
    try {
      await addOutbox({
        name: '(control)',
        db: runtime.control,
        sender: async () => ({ from: runtime.config.MAIL_FROM }),
        loadAttachment: () => Promise.reject(new Error('control mail carries no project files')),
      });
    } catch (error) {
      report.errors.push({ orchestra: '(control)', message: (error as Error).message });
    }

    const { rows } = await runtime.control.query<{ subdomain: string }>(`SELECT subdomain FROM orchestras WHERE status = 'active' ORDER BY subdomain`);
    report.orchestras = rows.length;
    // Each minute starts one orchestra further down the list, so a tick that keeps running out of time does not
    // leave the same orchestras (the last in the list) without their engine work minute after minute.
    const first = rows.length > 0 ? Math.floor(wallClock() / 60_000) % rows.length : 0;
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
        await addOutbox({
          name: subdomain,
          db,
          orchestraId: orchestra.id,
          // An orchestra's email is from its sender name (on the deployment's verified address) with its reply-to.
          sender: async () => {
            const settings = await readSettings(db, orchestra.name);
            return { from: orchestraSender(runtime.config.MAIL_FROM, settings), replyTo: settings.replyTo ?? undefined };
          },
          // Project files attached by storage key (request, confirmation, group emails); generated ones are inline.
          // Through the orchestra's own file store (its tenant session in AWS).
          loadAttachment: (storageKey) => runtime.orchestraFiles(orchestra.id).get(storageKey),
        });
      } catch (error) {
        report.errors.push({ orchestra: subdomain, message: (error as Error).message });
      }
    });
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(startSending);
    mail.close();
  }

  // Delivery already under way finishes before the tick ends, even when listing the orchestras failed.
  const delivered = await mail.done;
  if (failure) throw failure;
  report.sent = delivered.sent;
  report.failed = delivered.failed;
  deferred.deliveries = delivered.deferred.length;
  for (const e of delivered.errors) report.errors.push({ orchestra: e.source, message: e.message });
  await forEachWithConcurrency(outboxes, concurrency, async ({ name, db }) => {
    try {
      const { rows } = await db.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM outbox WHERE status IN ('pending', 'sending')`);
      report.backlog += rows[0].waiting;
    } catch (error) {
      report.errors.push({ orchestra: name, message: (error as Error).message });
    }
  });
  return report;
}
