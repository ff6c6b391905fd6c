import { planLimits, type LimitedResource, type Plan } from '../../domain/plan-limits';
import type { FileStore } from '../../ports/file-store';
import { parseBackup, type OrchestraBackup } from './orchestra-backup';

/**
 * What the superadmin is told before a restore starts (SPEC §7.6): what the copy will hold against its plan,
 * and that it starts still — every project paused, the pending requests cancelled, the queued mail held.
 */
export interface RestoreSummary {
  from: string;
  musicians: number;
  activeProjects: number;
  projectsPaused: number;
  pendingRequestsCancelled: number;
  messagesHeld: number;
  notice: string;
}

export const restoreNotice =
  'A restored orchestra is a copy, not a second live one: it starts with every project paused and no pending request live (they are cancelled in the copy, and nobody is emailed). Resume a project when the copy is to ask musicians itself.';

type Row = Record<string, unknown>;

/** The calendar date in a time zone (the orchestra's, as active projects are counted). */
function dateIn(timeZone: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return dateIn('Europe/Stockholm', now);
  }
}

/** Counted as the plan counts them (countPlanMusicians, countActiveProjects), from the backup's rows. */
export function summariseBackup(key: string, backup: OrchestraBackup, now: Date): RestoreSummary {
  const rowsOf = (table: string): Row[] => backup.tables.find((t) => t.name === table)?.rows ?? [];
  const timeZone = String(rowsOf('settings')[0]?.time_zone ?? 'Europe/Stockholm');
  const today = dateIn(timeZone, now);
  const projects = rowsOf('projects');
  return {
    from: key,
    musicians: rowsOf('musicians').filter((m) => m.archived_at == null && m.erased_at == null).length,
    activeProjects: projects.filter((p) => p.archived_at == null && String(p.start_date) >= today).length,
    projectsPaused: projects.filter((p) => p.paused !== true).length,
    pendingRequestsCancelled: rowsOf('requests').filter((r) => r.status === 'pending').length,
    messagesHeld: rowsOf('outbox').filter((o) => o.status === 'pending' || o.status === 'sending').length,
    notice: restoreNotice,
  };
}

/** Why the restored data does not fit the plan, or undefined. */
export function restorePlanRefusal(plan: Plan, summary: RestoreSummary): string | undefined {
  const used: [LimitedResource, number, string][] = [
    ['musicians', summary.musicians, 'musicians'],
    ['activeProjects', summary.activeProjects, 'active projects'],
  ];
  for (const [resource, n, noun] of used) {
    const limit = planLimits[plan][resource];
    if (limit !== null && n > limit) return `The ${plan} plan allows ${limit} ${noun}; the backup has ${n}. Choose a plan that fits the restored data.`;
  }
  return undefined;
}

/**
 * The summary of the backup under `key`, read through the files of the orchestra it was made of; null when
 * the file is no readable backup (the workflow's Migrate step then fails for good and says why).
 */
export async function readRestoreSummary(files: FileStore, key: string, now: Date): Promise<RestoreSummary | null> {
  let backup: OrchestraBackup;
  try {
    backup = parseBackup(JSON.parse((await files.get(key)).toString('utf8')));
  } catch (error) {
    if (error instanceof SyntaxError || (error as Error).name === 'BackupNotRestorable') return null;
    throw error;
  }
  return summariseBackup(key, backup, now);
}
