import type { NeedStatus, NeedStrategy, RankingListKind } from '../../domain/need-rules';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface NeedView {
  id: string;
  code: string;
  projectId: string;
  position: { id: string; code: string; name: string };
  instrument: { id: string; name: string };
  list: { id: string; code: string; kind: RankingListKind; label: string };
  quantity: number;
  strategy: NeedStrategy;
  maxRecipients: number | null;
  responseHours: number;
  localResidentsOnly: boolean;
  status: NeedStatus;
  statusChangedAt: string;
  firstSentAt: string | null;
  /** Strategy, list and position can no longer change (a request was sent). */
  locked: boolean;
  accepted: number;
  pending: number;
  createdAt: string;
  updatedAt: string;
}

interface NeedRow {
  id: string;
  code: string;
  project_id: string;
  position_id: string;
  position_code: string;
  position_name: string;
  instrument_id: string;
  instrument_name: string;
  list_id: string;
  list_code: string;
  list_kind: RankingListKind;
  quantity: number;
  strategy: NeedStrategy;
  max_recipients: number | null;
  response_hours: number;
  local_residents_only: boolean;
  status: NeedStatus;
  status_changed_at: string;
  first_sent_at: string | null;
  accepted: number;
  pending: number;
  created_at: string;
  updated_at: string;
}

const needSelect = `
  SELECT n.id, n.code, n.project_id, p.id AS position_id, p.code AS position_code, p.name AS position_name,
         i.id AS instrument_id, i.name AS instrument_name, l.id AS list_id, l.code AS list_code, l.kind AS list_kind,
         n.quantity, n.strategy, n.max_recipients, n.response_hours, n.local_residents_only, n.status,
         n.status_changed_at, n.first_sent_at, n.created_at, n.updated_at,
         (SELECT count(*)::int FROM requests r WHERE r.need_id = n.id AND r.status = 'accepted') AS accepted,
         (SELECT count(*)::int FROM requests r WHERE r.need_id = n.id AND r.status = 'pending') AS pending
    FROM needs n
    JOIN positions p ON p.id = n.position_id
    JOIN instruments i ON i.id = p.instrument_id
    JOIN ranking_lists l ON l.id = n.ranking_list_id`;

/** The order a send processes needs in (SPEC §3.3): instrument order, then position seniority. */
const needOrder = `ORDER BY i.sort_order, p.sort_order, n.created_at, n.id`;

export async function listNeeds(
  db: Queryable,
  projectId: string,
  options: { includeArchived: boolean; limit: number; offset: number },
): Promise<{ items: NeedView[]; total: number }> {
  const filter = `WHERE n.project_id = :projectId::uuid AND (:includeArchived::boolean OR n.status <> 'archived')`;
  const params = { projectId, includeArchived: options.includeArchived };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM needs n ${filter}`, params);
  const { rows } = await db.query<NeedRow>(`${needSelect} ${filter} ${needOrder} LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: options.limit,
    offset: options.offset,
  });
  return { items: rows.map(toView), total: counted[0].total };
}

/** One need of the project; 404 when it does not exist or belongs to another project. */
export async function getNeed(db: Queryable, projectId: string, needId: string): Promise<NeedView> {
  const { rows } = await db.query<NeedRow>(`${needSelect} WHERE n.id = :needId::uuid AND n.project_id = :projectId::uuid`, { projectId, needId });
  if (rows.length === 0) throw notFound('No such need in this project.');
  return toView(rows[0]);
}

function toView(r: NeedRow): NeedView {
  return {
    id: r.id,
    code: r.code,
    projectId: r.project_id,
    position: { id: r.position_id, code: r.position_code, name: r.position_name },
    instrument: { id: r.instrument_id, name: r.instrument_name },
    list: { id: r.list_id, code: r.list_code, kind: r.list_kind, label: r.list_kind === 'custom' ? 'Custom' : r.list_kind },
    quantity: r.quantity,
    strategy: r.strategy,
    maxRecipients: r.max_recipients,
    responseHours: r.response_hours,
    localResidentsOnly: r.local_residents_only,
    status: r.status,
    statusChangedAt: r.status_changed_at,
    firstSentAt: r.first_sent_at,
    locked: r.first_sent_at !== null,
    accepted: r.accepted,
    pending: r.pending,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
