import type { Database } from '../../ports/database';
import { countPlanMusicians } from '../musicians/musician-plan';
import { countActiveProjects } from '../projects/count-active-projects';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import { mapBounded, withDeadline } from './map-bounded';

/** Live figures of one orchestra, read from its own database (SPEC §4 "Operate"). */
export interface OrchestraFigures {
  /** As the plan counts them: every musician not archived. */
  musicians: number;
  /** As the plan counts them: not archived, starting today or later. */
  activeProjects: number;
  pendingRequests: number;
  /** Newest audit entry: the last time an admin changed something. */
  lastActivityAt: string | null;
  /** Highest migration applied in the database itself. */
  schemaVersion: string | null;
}

export type OrchestraHealth =
  | { status: 'ok'; latencyMs: number }
  | { status: 'unreachable'; error: string }
  /** No database to ask: provisioning, failed or archived. */
  | { status: 'not_applicable' };

export interface FiguresOptions {
  /** Databases asked at once. */
  concurrency: number;
  /** Per database; a slower one is reported unreachable. */
  timeoutMs: number;
}

export const defaultFiguresOptions: FiguresOptions = { concurrency: 4, timeoutMs: 3000 };

/** Statuses whose database exists and holds data. */
const liveStatuses: ReadonlySet<OrchestraRecord['status']> = new Set(['active', 'suspended']);

async function readFigures(db: Database, now: Date): Promise<{ figures: OrchestraFigures; latencyMs: number }> {
  // Health is the latency of a trivial query (SPEC §4); the counts follow on the same handle.
  // A measurement, not product time: the monotonic clock, not the (possibly frozen) product clock.
  const started = performance.now();
  await db.query(`SELECT 1`);
  const latencyMs = Math.round(performance.now() - started);
  const musicians = await countPlanMusicians(db);
  const activeProjects = await countActiveProjects(db, now);
  const { rows } = await db.query<Omit<OrchestraFigures, 'musicians' | 'activeProjects'>>(
    `SELECT (SELECT count(*) FROM requests WHERE status = 'pending')::int AS "pendingRequests",
            (SELECT max(at) FROM audit_log) AS "lastActivityAt",
            (SELECT max(version) FROM schema_migrations) AS "schemaVersion"`,
  );
  return { figures: { musicians, activeProjects, ...rows[0] }, latencyMs };
}

/**
 * Figures and health of many orchestras, a few databases at a time, each within a deadline: a slow or
 * broken database shows as unreachable and never fails the whole answer.
 */
export async function gatherFigures(
  deps: { orchestraDatabase(o: OrchestraRecord): Promise<Database>; now: Date },
  orchestras: readonly OrchestraRecord[],
  options: FiguresOptions = defaultFiguresOptions,
): Promise<Map<string, { figures: OrchestraFigures | null; health: OrchestraHealth }>> {
  const answers = await mapBounded(orchestras, options.concurrency, async (orchestra) => {
    if (!liveStatuses.has(orchestra.status)) return [orchestra.id, { figures: null, health: { status: 'not_applicable' } }] as const;
    try {
      const { figures, latencyMs } = await withDeadline(
        deps.orchestraDatabase(orchestra).then((db) => readFigures(db, deps.now)),
        options.timeoutMs,
      );
      return [orchestra.id, { figures, health: { status: 'ok', latencyMs } }] as const;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [orchestra.id, { figures: null, health: { status: 'unreachable', error: message.slice(0, 300) } }] as const;
    }
  });
  return new Map<string, { figures: OrchestraFigures | null; health: OrchestraHealth }>(answers);
}
