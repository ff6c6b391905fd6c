import { publicBaseUrl } from '../../config/app-config';
import type { Runtime } from '../../runtime/runtime';
import { findOrchestraBySubdomain } from '../../tenancy/orchestra-registry';
import { runEngineTick } from '../engine/run-engine-tick';
import { deliverOutbox } from '../mail/deliver-outbox';
import { forEachWithConcurrency } from './for-each-with-concurrency';

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
}

/**
 * The one-minute job: deliver the control outbox, then work through every active orchestra with bounded
 * concurrency. One orchestra's failure is reported and does not stop the others. Safe to run twice at once:
 * delivery, reminders and timeouts all claim rows with SKIP LOCKED. Per orchestra: reminders, timeouts with
 * their refills, then delivery, so what the engine wrote goes out in the same tick.
 */
export async function runTick(runtime: Runtime, options: { concurrency?: number; maxMessagesPerDatabase?: number } = {}): Promise<TickReport> {
  const report: TickReport = { orchestras: 0, sent: 0, failed: 0, backlog: 0, reminded: 0, timedOut: 0, errors: [] };
  const concurrency = options.concurrency ?? 4;
  const deliver = async (db: Parameters<typeof deliverOutbox>[0], orchestraId?: string) => {
    const result = await deliverOutbox(db, {
      orchestraId,
      mailer: runtime.mailer,
      from: runtime.config.MAIL_FROM,
      clock: runtime.clock,
      // Orchestras deliver side by side, so each gets its share of the one SES sending rate.
      maxPerSecond: runtime.config.MAIL_RATE_PER_SECOND / concurrency,
      // Bounded so one tick ends well within the Lambda's time limit; the rest waits for the next.
      maxMessages: options.maxMessagesPerDatabase ?? 100,
      // Project files attached by storage key (request, confirmation, group emails); generated ones are inline.
      loadAttachment: (storageKey) => runtime.files.get(storageKey),
    });
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
  await forEachWithConcurrency(rows, concurrency, async ({ subdomain }) => {
    try {
      const orchestra = await findOrchestraBySubdomain(runtime.control, subdomain);
      if (!orchestra) return;
      const db = await runtime.orchestraDatabase(orchestra);
      const engine = await runEngineTick(db, {
        clock: runtime.clock,
        orchestraBaseUrl: publicBaseUrl(runtime.config, orchestra.subdomain),
        control: runtime.control,
        orchestraId: orchestra.id,
      });
      report.reminded = (report.reminded ?? 0) + engine.reminded;
      report.timedOut = (report.timedOut ?? 0) + engine.timedOut;
      for (const message of engine.errors) report.errors.push({ orchestra: subdomain, message });
      await deliver(db, orchestra.id);
    } catch (error) {
      report.errors.push({ orchestra: subdomain, message: (error as Error).message });
    }
  });
  return report;
}
