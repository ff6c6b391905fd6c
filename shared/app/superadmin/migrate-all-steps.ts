import { migrate } from '../../db/migrate';
import type { Database, Queryable } from '../../ports/database';

/**
 * The steps of the migrate-all workflow (SPEC §4): list the orchestras to migrate a page at a time, migrate
 * one (the Map state runs this per orchestra, a few at a time), record a failed one, record the report.
 * Every orchestra's result is written to the control database as it finishes, never carried in the
 * workflow's state (256 KB, however many orchestras there are), so a run shows progress while it goes and
 * its report after it ends.
 */

/** Orchestra ids per page: a page is the largest piece of state the workflow holds (~40 bytes an id). */
export const migrationPageSize = 500;

export interface MigrationPage {
  orchestraIds: string[];
  /** The cursor of the next page, or null after the last. */
  next: string | null;
}

/** Orchestras whose database exists and is used: active and suspended (a resumed one must not lag behind). */
export async function listOrchestrasToMigrate(control: Queryable, after: string | null, pageSize = migrationPageSize): Promise<MigrationPage> {
  // By id, the cursor: a stable order in which an orchestra made during the run cannot shift a page.
  const { rows } = await control.query<{ orchestraId: string }>(
    `SELECT id::text AS "orchestraId" FROM orchestras
      WHERE status IN ('active', 'suspended') AND (:after::uuid IS NULL OR id > :after::uuid)
      ORDER BY id LIMIT :limit`,
    { after, limit: pageSize },
  );
  const orchestraIds = rows.map((r) => r.orchestraId);
  return { orchestraIds, next: orchestraIds.length === pageSize ? orchestraIds[orchestraIds.length - 1] : null };
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

/** A failed orchestra (the Map's Catch): its error into the run's results; a retry overwrites the same row. */
export async function recordOrchestraFailure(control: Queryable, input: { runId: string; orchestraId: string; error: string }, now: Date): Promise<void> {
  await saveResult(control, input.runId, { orchestraId: input.orchestraId, status: 'failed', error: input.error }, now);
}

/**
 * The report: the run's end, counted from the results each orchestra recorded. A run with a failed
 * orchestra is `failed`; the others' results stand. With `error` the workflow itself broke down before the
 * report (e.g. the list could not be read).
 */
export async function recordMigrationReport(control: Database, input: { runId: string; error?: string }, now: Date): Promise<{ succeeded: number; failed: number }> {
  return control.transaction(async (tx) => {
    const { rows } = await tx.query<{ succeeded: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM migration_run_results WHERE run_id = :runId::uuid`,
      { runId: input.runId },
    );
    const { succeeded, failed } = rows[0];
    const status = input.error || failed > 0 ? 'failed' : 'succeeded';
    await tx.query(`UPDATE migration_runs SET status = :status, finished_at = :now WHERE id = :id::uuid`, { id: input.runId, status, now });
    return { succeeded, failed };
  });
}
