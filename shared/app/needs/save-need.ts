import {
  needChangeRefusals,
  needListViolations,
  needSettingsViolations,
  statusAfterQuantityChange,
  type ListFacts,
  type NeedStatus,
  type NeedStrategy,
  type RuleViolation,
} from '../../domain/need-rules';
import { AppError, conflict, notFound, validationFailed } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import type { NeedCreateBody, NeedPatchBody } from '../../schemas/projects';
import { recordAudit, type Actor } from '../audit/record-audit';
import { lockProject } from '../projects/lock-project';
import { getNeed, type NeedView } from './read-needs';

/** Adds a need to a project: a position, how many, from which list, and how to ask (SPEC §2, §3.2). */
export async function createNeed(db: Database, actor: Actor, projectId: string, body: NeedCreateBody): Promise<NeedView> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    await checkPositionAndList(tx, { projectId, positionId: body.positionId, listId: body.listId });
    const { rows } = await tx.query<{ id: string; code: string }>(
      `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours, local_residents_only)
       VALUES (:projectId::uuid, :positionId::uuid, :listId::uuid, :quantity::int, :strategy, :maxRecipients::int, :responseHours::int, :localResidentsOnly)
       RETURNING id, code`,
      { projectId, ...body },
    );
    await recordAudit(tx, { actor, action: 'need.create', entityType: 'need', entityId: rows[0].id, after: { code: rows[0].code, projectId, ...body } });
    return getNeed(tx, projectId, rows[0].id);
  });
}

interface CurrentNeed {
  code: string;
  position_id: string;
  ranking_list_id: string;
  quantity: number;
  strategy: NeedStrategy;
  max_recipients: number | null;
  response_hours: number;
  local_residents_only: boolean;
  status: NeedStatus;
  first_sent_at: string | null;
  accepted: number;
}

/**
 * Changes a need. The merged need must keep every rule of a new one; once a request was sent, strategy,
 * list and position stay (422), and the quantity may not drop below the seats already accepted (422).
 */
export async function updateNeed(db: Database, actor: Actor, projectId: string, needId: string, body: NeedPatchBody): Promise<NeedView> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const current = await lockNeed(tx, projectId, needId);
    if (current.status === 'archived') throw conflict(`${current.code} is archived and can no longer be changed.`, 'need_archived');

    const strategy = body.strategy ?? current.strategy;
    // Leaving first_come drops its wave size unless the caller says otherwise, rather than failing on it.
    const maxRecipients =
      body.maxRecipients !== undefined ? body.maxRecipients : strategy === 'first_come' ? current.max_recipients : null;
    const next = {
      positionId: body.positionId ?? current.position_id,
      listId: body.listId ?? current.ranking_list_id,
      quantity: body.quantity ?? current.quantity,
      strategy,
      maxRecipients,
      responseHours: body.responseHours ?? current.response_hours,
      localResidentsOnly: body.localResidentsOnly ?? current.local_residents_only,
    };
    const violations = needSettingsViolations(next);
    if (violations.length > 0) throw validationFailed(violations);
    if (next.positionId !== current.position_id || next.listId !== current.ranking_list_id) {
      await checkPositionAndList(tx, { projectId, positionId: next.positionId, listId: next.listId });
    }
    const refusals = needChangeRefusals(
      {
        code: current.code,
        positionId: current.position_id,
        listId: current.ranking_list_id,
        strategy: current.strategy,
        firstSentAt: current.first_sent_at,
        accepted: current.accepted,
      },
      next,
    );
    if (refusals.length > 0) throw new AppError(422, refusals[0].code, refusals.map((r) => r.message).join(' '));

    const status = statusAfterQuantityChange(current.status, current.accepted, next.quantity);
    await tx.query(
      `UPDATE needs
          SET position_id = :positionId::uuid, ranking_list_id = :listId::uuid, quantity = :quantity::int, strategy = :strategy,
              max_recipients = :maxRecipients::int, response_hours = :responseHours::int, local_residents_only = :localResidentsOnly,
              status = :status,
              status_changed_at = CASE WHEN status = :status THEN status_changed_at ELSE now() END,
              updated_at = now()
        WHERE id = :needId::uuid`,
      { needId, ...next, status },
    );
    await recordAudit(tx, {
      actor,
      action: 'need.update',
      entityType: 'need',
      entityId: needId,
      before: {
        code: current.code,
        positionId: current.position_id,
        listId: current.ranking_list_id,
        quantity: current.quantity,
        strategy: current.strategy,
        maxRecipients: current.max_recipients,
        responseHours: current.response_hours,
        localResidentsOnly: current.local_residents_only,
        status: current.status,
      },
      after: { code: current.code, ...next, status },
    });
    return getNeed(tx, projectId, needId);
  });
}

/**
 * Archives a need (never deleted: requests and files refer to it). Refused while requests wait for an
 * answer; archiving twice changes nothing.
 */
export async function archiveNeed(db: Database, actor: Actor, projectId: string, needId: string): Promise<NeedView> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId, { allowArchived: true });
    const current = await lockNeed(tx, projectId, needId);
    if (current.status === 'archived') return getNeed(tx, projectId, needId);
    const { rows } = await tx.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM requests WHERE need_id = :needId::uuid AND status = 'pending'`,
      { needId },
    );
    if (rows[0].pending > 0) {
      throw conflict(
        `${current.code} still has ${rows[0].pending} request(s) waiting for an answer; withdraw them or pause the need instead.`,
        'requests_pending',
      );
    }
    await tx.query(`UPDATE needs SET status = 'archived', status_changed_at = now(), updated_at = now() WHERE id = :needId::uuid`, { needId });
    await recordAudit(tx, {
      actor,
      action: 'need.archive',
      entityType: 'need',
      entityId: needId,
      before: { code: current.code, status: current.status },
      after: { code: current.code, status: 'archived' },
    });
    return getNeed(tx, projectId, needId);
  });
}

async function lockNeed(tx: Queryable, projectId: string, needId: string): Promise<CurrentNeed> {
  const { rows } = await tx.query<CurrentNeed>(
    `SELECT n.code, n.position_id, n.ranking_list_id, n.quantity, n.strategy, n.max_recipients, n.response_hours,
            n.local_residents_only, n.status, n.first_sent_at,
            (SELECT count(*)::int FROM requests r WHERE r.need_id = n.id AND r.status = 'accepted') AS accepted
       FROM needs n
      WHERE n.id = :needId::uuid AND n.project_id = :projectId::uuid
        FOR UPDATE OF n`,
    { projectId, needId },
  );
  if (rows.length === 0) throw notFound('No such need in this project.');
  return rows[0];
}

/** The position must be live, and the list one of its lists that this project may use (400 with the field). */
async function checkPositionAndList(tx: Queryable, need: { projectId: string; positionId: string; listId: string }): Promise<void> {
  const { rows: positions } = await tx.query<{ name: string; archived: boolean }>(
    `SELECT p.name, (p.archived_at IS NOT NULL OR i.archived_at IS NOT NULL) AS archived
       FROM positions p JOIN instruments i ON i.id = p.instrument_id WHERE p.id = :id::uuid`,
    { id: need.positionId },
  );
  const violations: RuleViolation[] = [];
  if (positions.length === 0) violations.push({ field: 'positionId', message: 'no such position' });
  else if (positions[0].archived) violations.push({ field: 'positionId', message: `${positions[0].name} is archived` });
  const { rows: lists } = await tx.query<{ position_id: string; kind: ListFacts['kind']; project_id: string | null; archived: boolean }>(
    `SELECT position_id, kind, project_id, archived_at IS NOT NULL AS archived FROM ranking_lists WHERE id = :id::uuid`,
    { id: need.listId },
  );
  if (lists.length === 0) violations.push({ field: 'listId', message: 'no such ranking list' });
  else {
    const l = lists[0];
    violations.push(...needListViolations(need, { positionId: l.position_id, kind: l.kind, projectId: l.project_id, archived: l.archived }));
  }
  if (violations.length > 0) throw validationFailed(violations);
}
