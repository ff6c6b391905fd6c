import type { Runtime } from '../../runtime/runtime';
import { findOrchestraBySubdomain } from '../../tenancy/orchestra-registry';
import { deliverOutbox } from '../mail/deliver-outbox';
import { forEachWithConcurrency } from './for-each-with-concurrency';

export interface TickReport {
  orchestras: number;
  sent: number;
  failed: number;
  /** Messages still waiting for delivery after this tick, over all databases (alarmed on when it grows). */
  backlog: number;
  errors: { orchestra: string; message: string }[];
}

/**
 * The one-minute job: deliver the control outbox, then work through every active orchestra with bounded
 * concurrency. One orchestra's failure is reported and does not stop the others. Safe to run twice at once:
 * delivery claims rows with SKIP LOCKED. (Reminders and timeouts join here with the request engine.)
 */
export async function runTick(runtime: Runtime, options: { concurrency?: number; maxMessagesPerDatabase?: number } = {}): Promise<TickReport> {
  const report: TickReport = { orchestras: 0, sent: 0, failed: 0, backlog: 0, errors: [] };
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
      // TODO(issue "Orchestra administration"): loadAttachment from the FileStore once files exist.
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
      if (orchestra) await deliver(await runtime.orchestraDatabase(orchestra), orchestra.id);
    } catch (error) {
      report.errors.push({ orchestra: subdomain, message: (error as Error).message });
    }
  });
  return report;
}
