import type { Plan } from '../../domain/plan-limits';
import { conflict } from '../../http/errors';
import type { Database } from '../../ports/database';
import type { ProjectCreateBody, ProjectPatchBody } from '../../schemas/projects';
import { recordAudit, type Actor } from '../audit/record-audit';
import { assertRoomForActiveProject, wouldBeActive } from './count-active-projects';
import { lockProject } from './lock-project';
import { getProject, type ProjectDetail } from './read-projects';

// The ISO week is always computed by PostgreSQL from the date it is stored with, in the same statement
// (the table's check holds the two together), so no caller can send a week that disagrees.

/** The plan and the moment, for the limit on active projects (SPEC §4; the rule is in count-active-projects). */
export interface PlanCheck {
  plan: Plan;
  now: Date;
}

export async function createProject(db: Database, actor: Actor, body: ProjectCreateBody, planCheck: PlanCheck): Promise<ProjectDetail> {
  return db.transaction(async (tx) => {
    if (await wouldBeActive(tx, body.startDate, planCheck.now)) await assertRoomForActiveProject(tx, planCheck.plan, planCheck.now);
    const { rows } = await tx.query<{ id: string; code: string; iso_week: number }>(
      `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info, notes)
       VALUES (:name, :startDate::date, extract(week FROM :startDate::date)::int, :rehearsalSchedule, :concertInfo, :notes)
       RETURNING id, code, iso_week`,
      body,
    );
    const created = rows[0];
    await recordAudit(tx, {
      actor,
      action: 'project.create',
      entityType: 'project',
      entityId: created.id,
      after: { code: created.code, ...body, isoWeek: created.iso_week },
    });
    return getProject(tx, created.id);
  });
}

export async function updateProject(db: Database, actor: Actor, id: string, body: ProjectPatchBody, planCheck: PlanCheck): Promise<ProjectDetail> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, id);
    const before = await getProject(tx, id);
    // Moving a past project to a coming date makes it active again, which takes a place in the plan.
    if (body.startDate && !(await wouldBeActive(tx, before.startDate, planCheck.now)) && (await wouldBeActive(tx, body.startDate, planCheck.now))) {
      await assertRoomForActiveProject(tx, planCheck.plan, planCheck.now);
    }
    const { rows } = await tx.query<{ iso_week: number }>(
      `UPDATE projects
          SET name = coalesce(:name, name),
              start_date = coalesce(:startDate::date, start_date),
              iso_week = extract(week FROM coalesce(:startDate::date, start_date))::int,
              rehearsal_schedule = coalesce(:rehearsalSchedule, rehearsal_schedule),
              concert_info = coalesce(:concertInfo, concert_info),
              notes = coalesce(:notes, notes),
              updated_at = now()
        WHERE id = :id::uuid
      RETURNING iso_week`,
      {
        id,
        name: body.name ?? null,
        startDate: body.startDate ?? null,
        rehearsalSchedule: body.rehearsalSchedule ?? null,
        concertInfo: body.concertInfo ?? null,
        notes: body.notes ?? null,
      },
    );
    const changed = Object.keys(body).filter((k) => body[k as keyof ProjectPatchBody] !== undefined) as (keyof ProjectPatchBody)[];
    const pick = (source: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, source[k]]));
    await recordAudit(tx, {
      actor,
      action: 'project.update',
      entityType: 'project',
      entityId: id,
      before: { code: project.code, ...pick(before as unknown as Record<string, unknown>), isoWeek: before.isoWeek },
      after: { code: project.code, ...pick(body), isoWeek: rows[0].iso_week },
    });
    return getProject(tx, id);
  });
}

/**
 * Archives a project (never deleted: its requests are history). Refused while requests still wait for an
 * answer — those musicians would answer into a project nobody looks at. Archiving twice changes nothing.
 */
export async function archiveProject(db: Database, actor: Actor, id: string): Promise<ProjectDetail> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, id, { allowArchived: true });
    if (project.archived) return getProject(tx, id);
    const { rows } = await tx.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM requests WHERE project_id = :id::uuid AND status = 'pending'`,
      { id },
    );
    const pending = rows[0].pending;
    if (pending > 0) {
      throw conflict(
        `${project.code} still has ${pending} request${pending === 1 ? '' : 's'} waiting for an answer; withdraw ${pending === 1 ? 'it' : 'them'} or wait for the answers before archiving.`,
        'requests_pending',
      );
    }
    await tx.query(`UPDATE projects SET archived_at = now(), updated_at = now() WHERE id = :id::uuid`, { id });
    await recordAudit(tx, { actor, action: 'project.archive', entityType: 'project', entityId: id, before: { code: project.code, archived: false }, after: { code: project.code, archived: true } });
    return getProject(tx, id);
  });
}
