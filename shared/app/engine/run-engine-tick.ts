import type { Database } from '../../ports/database';
import type { RefillDeps } from './refill-needs';
import { sendDueReminders } from './run-reminders';
import { timeOutDueRequests } from './run-timeouts';

export interface EngineTickReport {
  reminded: number;
  timedOut: number;
  errors: string[];
}

/**
 * The request engine's part of the one-minute tick for one orchestra (before its outbox is delivered, so
 * what it writes goes out in the same tick): due reminders, then timeouts with their refills. Each step
 * claims its rows with SKIP LOCKED, so two ticks at once neither double-send nor block each other.
 */
export async function runEngineTick(db: Database, deps: RefillDeps): Promise<EngineTickReport> {
  const report: EngineTickReport = { reminded: 0, timedOut: 0, errors: [] };
  try {
    report.reminded = await sendDueReminders(db, deps);
  } catch (error) {
    report.errors.push(`reminders: ${(error as Error).message}`);
  }
  try {
    const timeouts = await timeOutDueRequests(db, deps);
    report.timedOut = timeouts.timedOut;
    report.errors.push(...timeouts.errors.map((e) => `refill of project ${e.projectId}: ${e.message}`));
  } catch (error) {
    report.errors.push(`timeouts: ${(error as Error).message}`);
  }
  return report;
}
