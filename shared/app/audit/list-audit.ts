import type { Queryable } from '../../ports/database';
import type { AuditQuery } from '../../schemas/audit';
import type { Page } from '../../schemas/paging';

export interface AuditItem {
  id: number;
  at: string;
  actor: { userId: string | null; email: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

interface AuditRow {
  id: number;
  at: string;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

/** Day boundaries in the orchestra's time zone, so "today" means the office's today. */
const zone = `coalesce((SELECT time_zone FROM settings), 'Europe/Stockholm')`;

const auditFilter = `
  WHERE (:entityType::text IS NULL OR a.entity_type = :entityType::text)
    AND (:entityId::text IS NULL OR a.entity_id = :entityId::text)
    AND (:action::text IS NULL OR a.action = :action::text)
    AND (:actor::text IS NULL OR strpos(lower(a.actor_email), lower(:actor::text)) > 0)
    AND (:from::date IS NULL OR a.at >= (:from::date)::timestamp AT TIME ZONE ${zone})
    AND (:to::date IS NULL OR a.at < (:to::date + 1)::timestamp AT TIME ZONE ${zone})`;

const auditSelect = `SELECT a.id, a.at, a.actor_user_id, a.actor_email, a.action, a.entity_type, a.entity_id, a.before, a.after FROM audit_log a`;

/** The audit log, newest first, with what each change looked like before and after. */
export async function listAudit(db: Queryable, query: AuditQuery): Promise<Page<AuditItem>> {
  const params = {
    entityType: query.entityType ?? null,
    entityId: query.entityId ?? null,
    action: query.action ?? null,
    actor: query.actor ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_log a ${auditFilter}`, params);
  const { rows } = await db.query<AuditRow>(`${auditSelect} ${auditFilter} ORDER BY a.at DESC, a.id DESC LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(toAuditItem), total: counted[0].total };
}

/** The latest entries, for the dashboard. */
export async function recentAudit(db: Queryable, limit: number): Promise<AuditItem[]> {
  const { rows } = await db.query<AuditRow>(`${auditSelect} ORDER BY a.at DESC, a.id DESC LIMIT :limit`, { limit });
  return rows.map(toAuditItem);
}

function toAuditItem(r: AuditRow): AuditItem {
  return {
    id: Number(r.id),
    at: r.at,
    actor: { userId: r.actor_user_id, email: r.actor_email },
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  };
}
