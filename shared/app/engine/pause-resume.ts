import { conflict, notFound } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { getNeed, type NeedView } from '../needs/read-needs';
import { getProject, type ProjectDetail } from '../projects/read-projects';
import { lockProject } from '../projects/lock-project';
import { refillInTransaction, type RefillDeps } from './refill-needs';

/**
 * Pause and resume (SPEC §3.5). Paused: nothing new is sent for the need or project — no wave, no refill —
 * while pending requests can still be answered. Resume tops up at once (needs already sent only; a need
 * never sent waits for the admin's send) and never reopens a filled or archived need.
 * Order of locks as in every engine change: project, then need, then requests.
 */

export interface ControlResult<T> {
  /** Requests written by the top-up that followed the change. */
  requestsSent: number;
  item: T;
}

export async function pauseNeed(db: Database, actor: Actor, projectId: string, needId: string): Promise<ControlResult<NeedView>> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const need = await lockNeedOfProject(tx, projectId, needId);
    if (need.status === 'filled' || need.status === 'archived') {
      throw conflict(`${need.code} is ${need.status}; there is nothing left to pause.`, `need_${need.status}`);
    }
    if (need.status !== 'paused') {
      await setNeedStatus(tx, needId, 'paused');
      await recordAudit(tx, { actor, action: 'need.pause', entityType: 'need', entityId: needId, before: { code: need.code, status: need.status }, after: { code: need.code, status: 'paused' } });
    }
    return { requestsSent: 0, item: await getNeed(tx, projectId, needId) };
  });
}

export async function resumeNeed(db: Database, actor: Actor, deps: RefillDeps, projectId: string, needId: string): Promise<ControlResult<NeedView>> {
  return db.transaction(async (tx) => {
    await lockProject(tx, projectId);
    const need = await lockNeedOfProject(tx, projectId, needId);
    if (need.status === 'filled' || need.status === 'archived') {
      throw conflict(
        `${need.code} is ${need.status}, and resuming never reopens it${need.status === 'filled' ? ' (raise its quantity to ask for more)' : ''}.`,
        `need_${need.status}`,
      );
    }
    let requestsSent = 0;
    if (need.status === 'paused') {
      // A paused need that filled meanwhile (pending answers still count) comes back as filled.
      const status = need.accepted >= need.quantity ? 'filled' : 'active';
      await setNeedStatus(tx, needId, status);
      await recordAudit(tx, { actor, action: 'need.resume', entityType: 'need', entityId: needId, before: { code: need.code, status: 'paused' }, after: { code: need.code, status } });
      if (status === 'active') requestsSent = (await refillInTransaction(tx, deps, projectId, [needId])).requests.length;
    }
    return { requestsSent, item: await getNeed(tx, projectId, needId) };
  });
}

export async function pauseProject(db: Database, actor: Actor, projectId: string): Promise<ControlResult<ProjectDetail>> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    const paused = await isPaused(tx, projectId);
    if (!paused) {
      await tx.query(`UPDATE projects SET paused = true, updated_at = now() WHERE id = :projectId::uuid`, { projectId });
      await recordAudit(tx, { actor, action: 'project.pause', entityType: 'project', entityId: projectId, before: { code: project.code, paused: false }, after: { code: project.code, paused: true } });
    }
    return { requestsSent: 0, item: await getProject(tx, projectId) };
  });
}

export async function resumeProject(db: Database, actor: Actor, deps: RefillDeps, projectId: string): Promise<ControlResult<ProjectDetail>> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    let requestsSent = 0;
    if (await isPaused(tx, projectId)) {
      await tx.query(`UPDATE projects SET paused = false, updated_at = now() WHERE id = :projectId::uuid`, { projectId });
      await recordAudit(tx, { actor, action: 'project.resume', entityType: 'project', entityId: projectId, before: { code: project.code, paused: true }, after: { code: project.code, paused: false } });
      // Needs keep their own status: paused, filled and archived ones stay as they are.
      requestsSent = (await refillInTransaction(tx, deps, projectId)).requests.length;
    }
    return { requestsSent, item: await getProject(tx, projectId) };
  });
}

export interface LockedNeed {
  id: string;
  code: string;
  status: string;
  quantity: number;
  strategy: string;
  maxRecipients: number | null;
  accepted: number;
  pending: number;
}

/** Locks a need of the project (404 if it belongs elsewhere) and counts its seats. */
export async function lockNeedOfProject(tx: Queryable, projectId: string, needId: string): Promise<LockedNeed> {
  const { rows } = await tx.query<{ id: string; code: string; status: string; quantity: number; strategy: string; max_recipients: number | null }>(
    `SELECT id, code, status, quantity, strategy, max_recipients FROM needs
      WHERE id = :needId::uuid AND project_id = :projectId::uuid FOR UPDATE`,
    { projectId, needId },
  );
  if (!rows[0]) throw notFound('No such need in this project.');
  const { rows: counts } = await tx.query<{ accepted: number; pending: number }>(
    `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted, count(*) FILTER (WHERE status = 'pending')::int AS pending
       FROM requests WHERE need_id = :needId::uuid`,
    { needId },
  );
  const n = rows[0];
  return { id: n.id, code: n.code, status: n.status, quantity: n.quantity, strategy: n.strategy, maxRecipients: n.max_recipients, ...counts[0] };
}

async function setNeedStatus(tx: Queryable, needId: string, status: string): Promise<void> {
  await tx.query(`UPDATE needs SET status = :status, status_changed_at = now(), updated_at = now() WHERE id = :needId::uuid`, { needId, status });
}

async function isPaused(tx: Queryable, projectId: string): Promise<boolean> {
  const { rows } = await tx.query<{ paused: boolean }>(`SELECT paused FROM projects WHERE id = :projectId::uuid`, { projectId });
  return rows[0].paused;
}
