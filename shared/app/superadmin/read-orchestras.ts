import type { Clock } from '../../ports/clock';
import type { Database } from '../../ports/database';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';
import type { Page } from '../../schemas/paging';
import type { OrchestrasQuery } from '../../schemas/superadmin';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import { gatherFigures, type FiguresOptions, type OrchestraFigures, type OrchestraHealth } from './orchestra-figures';
import { orchestraRecordOf, requireOrchestraRow, selectOrchestraRow, type OrchestraRow } from './orchestra-rows';
import { readProvisioningInputs, type ProvisioningInputs } from './provisioning-inputs';

export type OrchestraOverview = OrchestraRow & { figures: OrchestraFigures | null; health: OrchestraHealth };

export interface OrchestraTotals {
  /** Every orchestra matching the filter, by status. */
  byStatus: Record<OrchestraRow['status'], number>;
  /** Sums over the orchestras of this page whose database answered. */
  musicians: number;
  activeProjects: number;
  pendingRequests: number;
  unreachable: number;
}

/** GET /api/superadmin/orchestras: one page of the registry with live figures, and totals. */
export interface OrchestraList extends Page<OrchestraOverview> {
  totals: OrchestraTotals;
}

/**
 * GET /api/superadmin/orchestras/{id}: the overview, the count of active admins, the provisioning run and
 * what it ran with (what provisioning it again uses unless changed).
 */
export type OrchestraDetail = OrchestraOverview & { admins: number; provisioning: WorkflowExecution | null; provisionedWith: ProvisioningInputs };

interface ReadDeps {
  control: Database;
  orchestraDatabase(o: OrchestraRecord): Promise<Database>;
  clock: Clock;
}

// A literal, case-insensitive substring (strpos, as the musician and project searches): with ILIKE a % or _
// typed into the search box would be a wildcard.
const filter = `
  WHERE (:status::text IS NULL OR status = :status::text)
    AND (:search::text IS NULL
         OR strpos(lower(name), lower(:search::text)) > 0 OR strpos(lower(subdomain), lower(:search::text)) > 0
         OR strpos(lower(code), lower(:search::text)) > 0 OR strpos(lower(contact_email), lower(:search::text)) > 0)`;

/** The registry page with live figures from each orchestra's database, and totals. */
export async function listOrchestras(
  deps: ReadDeps,
  query: OrchestrasQuery,
  options?: FiguresOptions,
): Promise<OrchestraList> {
  const params = { status: query.status ?? null, search: query.search || null, limit: query.limit, offset: query.offset };
  const { rows } = await deps.control.query<OrchestraRow>(`${selectOrchestraRow} ${filter} ORDER BY code LIMIT :limit::int OFFSET :offset::int`, params);
  const { rows: counts } = await deps.control.query<{ status: OrchestraRow['status']; n: number }>(
    `SELECT status, count(*)::int AS n FROM orchestras ${filter} GROUP BY status`,
    params,
  );
  const { rows: records } = await deps.control.query<OrchestraRecord>(
    `SELECT id::text AS id, code, name, subdomain, status, plan, database_name AS "databaseName", secret_ref AS "secretRef"
       FROM orchestras WHERE id IN (SELECT jsonb_array_elements_text(:ids::jsonb)::uuid)`,
    { ids: rows.map((r) => r.id) },
  );
  const live = await gatherFigures({ orchestraDatabase: (o) => deps.orchestraDatabase(o), now: deps.clock.now() }, records, options);
  const items = rows.map((row) => ({ ...row, ...live.get(row.id)! }));

  const byStatus = { provisioning: 0, active: 0, suspended: 0, failed: 0, archived: 0 };
  for (const c of counts) byStatus[c.status] = c.n;
  const totals: OrchestraTotals = { byStatus, musicians: 0, activeProjects: 0, pendingRequests: 0, unreachable: 0 };
  for (const item of items) {
    if (item.health.status === 'unreachable') totals.unreachable += 1;
    if (!item.figures) continue;
    totals.musicians += item.figures.musicians;
    totals.activeProjects += item.figures.activeProjects;
    totals.pendingRequests += item.figures.pendingRequests;
  }
  return { items, total: counts.reduce((sum, c) => sum + c.n, 0), totals };
}

/** One orchestra: registry row, live figures and health, its admins' count, and its provisioning step by step. */
export async function getOrchestra(
  deps: ReadDeps & { workflows?: Workflows },
  id: string,
  options?: FiguresOptions,
): Promise<OrchestraDetail> {
  const row = await requireOrchestraRow(deps.control, id);
  const record = await orchestraRecordOf(deps.control, id);
  const live = (await gatherFigures({ orchestraDatabase: (o) => deps.orchestraDatabase(o), now: deps.clock.now() }, [record], options)).get(id)!;
  const { rows } = await deps.control.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND orchestra_id = :id::uuid AND active`,
    { id },
  );
  let provisioning: WorkflowExecution | null = null;
  if (row.provisioningExecutionId && deps.workflows) {
    // A run the adapter no longer knows (a local run before a restart) simply has no progress to show.
    provisioning = await deps.workflows.describe(row.provisioningExecutionId).catch(() => null);
  }
  return { ...row, ...live, admins: rows[0].n, provisioning, provisionedWith: await readProvisioningInputs(deps.control, id) };
}
