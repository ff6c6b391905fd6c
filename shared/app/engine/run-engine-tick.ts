import type { Database } from '../../ports/database';
import type { RefillDeps } from './refill-needs';
import { sendDueRemindersInTime } from './run-reminders';
import { timeOutDueRequests } from './run-timeouts';

export interface EngineTickReport {
  reminded: number;
  timedOut: number;
  errors: string[];
  /** Work not started because the tick's time ran out: reminder batches left due, projects left unrefilled. */
  deferred: { reminders: boolean; refills: number };
}

/**
 * The request engine's part of the one-minute tick for one orchestra (before its outbox is delivered, so
 * what it writes goes out in the same tick): due reminders, then timeouts with their refills. Each step
 * claims its rows with SKIP LOCKED, so two ticks at once neither double-send nor block each other.
 * outOfTime (the tick's budget) stops new reminder batches and new project refills; what is left stays due.
 */
export async function runEngineTick(db: Database, deps: RefillDeps, options: { outOfTime?: () => boolean } = {}): Promise<EngineTickReport> {
  const report: EngineTickReport = { reminded: 0, timedOut: 0, errors: [], deferred: { reminders: false, refills: 0 } };
  try {
    const reminders = await sendDueRemindersInTime(db, deps, { outOfTime: options.outOfTime });
    report.reminded = reminders.reminded;
    report.deferred.reminders = reminders.deferred;
  } catch (error) {
    report.errors.push(`reminders: ${(error as Error).message}`);
  }
  try {
    // Timeouts are claimed even when time is up (one statement, committed first); only refills are deferred.
    const timeouts = await timeOutDueRequests(db, deps, { outOfTime: options.outOfTime });
    report.timedOut = timeouts.timedOut;
    report.deferred.refills = timeouts.deferredRefills;
    report.errors.push(...timeouts.errors.map((e) => `refill of project ${e.projectId}: ${e.message}`));
  } catch (error) {
    report.errors.push(`timeouts: ${(error as Error).message}`);
  }
  return report;
}
