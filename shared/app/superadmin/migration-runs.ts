import { latestVersion, listMigrations } from '../../db/migrate';
import { conflict, notFound } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import type { Actor } from '../audit/record-audit';
import { recordControlAudit } from './control-audit';

/** Migrations across orchestras (SPEC §4): who is on which schema version, and the migrate-all runs. */
export interface MigrationRunSummary {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  targetVersion: string | null;
  executionId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface MigrationRunResult {
  orchestraId: string;
  code: string;
  name: string;
  subdomain: string;
  status: 'succeeded' | 'failed';
  fromVersion: string | null;
  toVersion: string | null;
  applied: string[];
  error: string | null;
  finishedAt: string;
}

/** GET /api/superadmin/migrations: the newest schema version, each live orchestra's version, the recent runs. */
export interface MigrationOverview {
  latestVersion: string | null;
  migrations: { version: string; name: string }[];
  /** Only orchestras with a database to migrate. */
  orchestras: { id: string; code: string; name: string; subdomain: string; status: 'active' | 'suspended'; schemaVersion: string | null; upToDate: boolean }[];
  behind: number;
  runs: MigrationRunSummary[];
}

/** GET /api/superadmin/migrations/runs/{id}: the run, each orchestra's result so far and the workflow's steps. */
export interface MigrationRunDetail extends MigrationRunSummary {
  results: MigrationRunResult[];
  succeeded: number;
  failed: number;
  execution: WorkflowExecution | null;
}

const selectRun = `
  SELECT id::text AS id, status, target_version AS "targetVersion", execution_id AS "executionId",
         started_at AS "startedAt", finished_at AS "finishedAt"
    FROM migration_runs`;

export async function migrationOverview(control: Database): Promise<MigrationOverview> {
  const files = await listMigrations('orchestra');
  const latest = files.length > 0 ? files[files.length - 1].version : null;
  const { rows: orchestras } = await control.query<Omit<MigrationOverview['orchestras'][number], 'upToDate'>>(
    `SELECT id::text AS id, code, name, subdomain, status, schema_version AS "schemaVersion"
       FROM orchestras WHERE status IN ('active', 'suspended') ORDER BY code`,
  );
  const { rows: runs } = await control.query<MigrationRunSummary>(`${selectRun} ORDER BY started_at DESC LIMIT 10`);
  return {
    latestVersion: latest,
    migrations: files.map((f) => ({ version: f.version, name: f.name })),
    orchestras: orchestras.map((o) => ({ ...o, upToDate: o.schemaVersion === latest })),
    behind: orchestras.filter((o) => o.schemaVersion !== latest).length,
    runs,
  };
}

/** Starts the migrate-all workflow; one run at a time, so two runs never race over the same databases. */
export async function startMigrationRun(deps: { control: Database; workflows: Workflows; now: Date }, actor: Actor): Promise<MigrationRunSummary> {
  const target = await latestVersion('orchestra');
  const runId = await deps.control.transaction(async (tx) => {
    // The lock makes the check-then-insert safe against a second click at the same moment.
    await tx.query(`LOCK TABLE migration_runs IN SHARE ROW EXCLUSIVE MODE`);
    const { rows: running } = await tx.query<{ id: string }>(`SELECT id::text AS id FROM migration_runs WHERE status = 'running'`);
    if (running[0]) throw conflict(`A migration run is in progress (${running[0].id}); wait for its report.`, 'run_in_progress');
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO migration_runs (started_by, target_version, started_at) VALUES (:userId::uuid, :target, :now) RETURNING id::text AS id`,
      { userId: actor.userId, target, now: deps.now },
    );
    await recordControlAudit(tx, { actor, action: 'migrations.run', entityType: 'migration_run', entityId: rows[0].id, after: { targetVersion: target } });
    return rows[0].id;
  });
  try {
    const { executionId } = await deps.workflows.startMigrateAll({ runId });
    await deps.control.query(`UPDATE migration_runs SET execution_id = :executionId WHERE id = :id::uuid`, { id: runId, executionId });
  } catch (error) {
    await deps.control.query(`UPDATE migration_runs SET status = 'failed', finished_at = :now WHERE id = :id::uuid`, { id: runId, now: deps.now });
    throw error;
  }
  const { rows } = await deps.control.query<MigrationRunSummary>(`${selectRun} WHERE id = :id::uuid`, { id: runId });
  return rows[0];
}

/** One run: its status, each orchestra's result so far, and the workflow's steps. */
export async function getMigrationRun(
  deps: { control: Database; workflows?: Workflows },
  id: string,
): Promise<MigrationRunDetail> {
  const { rows } = await deps.control.query<MigrationRunSummary>(`${selectRun} WHERE id = :id::uuid`, { id });
  const run = rows[0];
  if (!run) throw notFound(`No migration run with id ${id}.`);
  const { rows: results } = await deps.control.query<MigrationRunResult>(
    `SELECT r.orchestra_id::text AS "orchestraId", o.code, o.name, o.subdomain, r.status, r.from_version AS "fromVersion",
            r.to_version AS "toVersion", r.applied, r.error, r.finished_at AS "finishedAt"
       FROM migration_run_results r JOIN orchestras o ON o.id = r.orchestra_id
      WHERE r.run_id = :id::uuid ORDER BY o.code`,
    { id },
  );
  const execution = run.executionId && deps.workflows ? await deps.workflows.describe(run.executionId).catch(() => null) : null;
  return {
    ...run,
    results,
    succeeded: results.filter((r) => r.status === 'succeeded').length,
    failed: results.filter((r) => r.status === 'failed').length,
    execution,
  };
}
