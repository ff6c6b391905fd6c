import { migrate } from '../../db/migrate';
import type { Database, Queryable } from '../../ports/database';

/**
 * The steps of the migrate-all workflow (SPEC §4): list the orchestras to migrate, migrate one (the Map
 * state runs this per orchestra, a few at a time), record the report. Results are written per
 * orchestra as they finish, so a run shows progress while it goes and its report after it ends.
 */
export interface MigrationItem {
  runId: string;
  orchestraId: string;
  subdomain: string;
}

/** Orchestras whose database exists and is used: active and suspended (a resumed one must not lag behind). */
export async function listOrchestrasToMigrate(control: Queryable, runId: string): Promise<MigrationItem[]> {
  const { rows } = await control.query<{ orchestraId: string; subdomain: string }>(
    `SELECT id::text AS "orchestraId", subdomain FROM orchestras WHERE status IN ('active', 'suspended') ORDER BY code`,
  );
  return rows.map((r) => ({ runId, ...r }));
}

export interface OrchestraMigrationResult {
  orchestraId: string;
  status: 'succeeded' | 'failed';
  fromVersion?: string | null;
  toVersion?: string | null;
  applied?: string[];
  error?: string;
}

async function saveResult(control: Queryable, runId: string, result: OrchestraMigrationResult, now: Date): Promise<void> {
  await control.query(
    `INSERT INTO migration_run_results (run_id, orchestra_id, status, from_version, to_version, applied, error, finished_at)
     VALUES (:runId::uuid, :orchestraId::uuid, :status, :fromVersion, :toVersion, :applied::jsonb, :error, :now)
     ON CONFLICT (run_id, orchestra_id) DO UPDATE
       SET status = excluded.status, from_version = coalesce(migration_run_results.from_version, excluded.from_version),
           to_version = excluded.to_version, applied = excluded.applied, error = excluded.error, finished_at = excluded.finished_at`,
    {
      runId,
      orchestraId: result.orchestraId,
      status: result.status,
      fromVersion: result.fromVersion ?? null,
      toVersion: result.toVersion ?? null,
      applied: result.applied ?? [],
      error: result.error ?? null,
      now,
    },
  );
}

/** Applies pending migrations to one orchestra (idempotent: the runner skips what is applied). */
export async function migrateOneOrchestra(
  deps: { control: Database; db: Database; now: Date },
  item: { runId: string; orchestraId: string; fromVersion: string | null },
): Promise<OrchestraMigrationResult> {
  const outcome = await migrate(deps.db, 'orchestra');
  await deps.control.query(`UPDATE orchestras SET schema_version = :version, updated_at = :now WHERE id = :id::uuid`, {
    version: outcome.version,
    id: item.orchestraId,
    now: deps.now,
  });
  const result: OrchestraMigrationResult = {
    orchestraId: item.orchestraId,
    status: 'succeeded',
    fromVersion: item.fromVersion,
    toVersion: outcome.version,
    applied: outcome.applied,
  };
  await saveResult(deps.control, item.runId, result, deps.now);
  return result;
}

/**
 * The report: every orchestra's result (failures arrive here from the Map's Catch), and the run's end.
 * A run with a failed orchestra is `failed`; the others' results stand. With `error` the workflow itself
 * broke down before the report (e.g. the list could not be read).
 */
export async function recordMigrationReport(
  control: Database,
  input: { runId: string; results?: OrchestraMigrationResult[]; error?: string },
  now: Date,
): Promise<{ succeeded: number; failed: number }> {
  const results = input.results ?? [];
  return control.transaction(async (tx) => {
    for (const result of results) await saveResult(tx, input.runId, result, now);
    const failed = results.filter((r) => r.status === 'failed').length;
    const status = input.error || failed > 0 ? 'failed' : 'succeeded';
    await tx.query(`UPDATE migration_runs SET status = :status, finished_at = :now WHERE id = :id::uuid`, { id: input.runId, status, now });
    return { succeeded: results.length - failed, failed };
  });
}
