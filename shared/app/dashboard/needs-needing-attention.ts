import type { NeedStatus } from '../../domain/need-rules';
import type { Queryable } from '../../ports/database';
import type { FailingDeliveryNeed, NeedAttention } from '../../schemas/dashboard';

interface NeedRow {
  need_id: string;
  need_code: string;
  status: NeedStatus;
  quantity: number;
  status_changed_at: string;
  project_id: string;
  project_code: string;
  project_name: string;
  start_date: string;
  position_id: string;
  position_name: string;
  instrument_id: string;
  instrument_name: string;
}

const needSelect = `
  SELECT n.id AS need_id, n.code AS need_code, n.status, n.quantity, n.status_changed_at,
         p.id AS project_id, p.code AS project_code, p.name AS project_name, p.start_date,
         pos.id AS position_id, pos.name AS position_name, i.id AS instrument_id, i.name AS instrument_name`;

const needJoins = `
    FROM needs n
    JOIN projects p ON p.id = n.project_id
    JOIN positions pos ON pos.id = n.position_id
    JOIN instruments i ON i.id = pos.instrument_id`;

// Projects soonest first, then the send order (instrument, then seniority), like the project page.
const needOrder = `ORDER BY p.start_date, p.code, i.sort_order, pos.sort_order, n.code`;

/** Needs whose list ran out with seats left (SPEC §3.2: never a silent stall), in live projects. */
export async function exhaustedNeeds(db: Queryable): Promise<NeedAttention[]> {
  const { rows } = await db.query<NeedRow>(`${needSelect} ${needJoins} WHERE n.status = 'exhausted' AND p.archived_at IS NULL ${needOrder}`);
  return rows.map(toNeedAttention);
}

/**
 * Open needs (not filled or archived) where mail is not getting through: a request email of the need
 * failed after its last try, or a musician still holding a pending request has an address that bounces.
 */
export async function failingDeliveryNeeds(db: Queryable): Promise<FailingDeliveryNeed[]> {
  const { rows } = await db.query<NeedRow & { failed_messages: number; failing_musicians: { id: string; code: string; name: string; email: string | null }[] }>(
    `${needSelect}, f.failed_messages, m.failing_musicians
     ${needJoins}
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS failed_messages
         FROM outbox o JOIN requests r ON r.id = o.request_id
        WHERE r.need_id = n.id AND o.status = 'failed'
     ) f
     CROSS JOIN LATERAL (
       SELECT coalesce(jsonb_agg(jsonb_build_object('id', mu.id, 'code', mu.code, 'name', mu.first_name || ' ' || mu.last_name, 'email', mu.email)
                                 ORDER BY mu.last_name, mu.first_name), '[]'::jsonb) AS failing_musicians
         FROM requests r JOIN musicians mu ON mu.id = r.musician_id
        WHERE r.need_id = n.id AND r.status = 'pending' AND mu.email_status = 'failing'
     ) m
     WHERE n.status IN ('active', 'paused', 'exhausted') AND p.archived_at IS NULL
       AND (f.failed_messages > 0 OR jsonb_array_length(m.failing_musicians) > 0)
     ${needOrder}`,
  );
  return rows.map((r) => ({ ...toNeedAttention(r), failedMessages: r.failed_messages, failingMusicians: r.failing_musicians }));
}

function toNeedAttention(r: NeedRow): NeedAttention {
  return {
    need: { id: r.need_id, code: r.need_code, status: r.status, quantity: r.quantity, statusChangedAt: r.status_changed_at },
    project: { id: r.project_id, code: r.project_code, name: r.project_name, startDate: r.start_date },
    position: { id: r.position_id, name: r.position_name },
    instrument: { id: r.instrument_id, name: r.instrument_name },
  };
}
