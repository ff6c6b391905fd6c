import type { ConflictMode, NeedStatus, PlanningInput, RequestStatus, Strategy } from '../../domain/engine/planning-types';
import type { TemplateLanguage } from '../../domain/template-variables';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface EngineSettings {
  orchestraName: string;
  conflictMode: ConflictMode;
  reminderPercent: number;
  timeZone: string;
  /** The orchestra's reply-to address, if set. */
  replyTo: string | null;
}

export interface EngineProject {
  id: string;
  code: string;
  name: string;
  startDate: string;
  isoWeek: number;
  rehearsalSchedule: string;
  concertInfo: string;
  paused: boolean;
  archived: boolean;
}

export interface EngineNeed {
  id: string;
  code: string;
  positionId: string;
  positionName: string;
  instrumentName: string;
  quantity: number;
  status: NeedStatus;
  responseHours: number;
  firstSentAt: string | null;
}

export interface EngineMusician {
  id: string;
  code: string;
  firstName: string;
  lastName: string;
  email: string | null;
  language: TemplateLanguage;
}

/** The planning input of one project plus what preview and send show or write beside it (names, emails). */
export interface LoadedPlanning {
  settings: EngineSettings;
  project: EngineProject;
  input: PlanningInput;
  needs: Map<string, EngineNeed>;
  musicians: Map<string, EngineMusician>;
}

/**
 * Reads everything planProject needs for one project in six statements, whatever the number of needs.
 * Send calls it after locking the project row, so the plan it writes is the plan of a stable project.
 */
export async function loadPlanningInput(db: Queryable, projectId: string): Promise<LoadedPlanning> {
  const projectRows = await db.query<EngineProject & { settingsJson: EngineSettings }>(
    `SELECT p.id, p.code, p.name, to_char(p.start_date, 'YYYY-MM-DD') AS "startDate", p.iso_week AS "isoWeek",
            p.rehearsal_schedule AS "rehearsalSchedule", p.concert_info AS "concertInfo", p.paused,
            p.archived_at IS NOT NULL AS archived,
            (SELECT json_build_object('orchestraName', s.orchestra_name, 'conflictMode', s.conflict_mode,
                                      'reminderPercent', s.reminder_percent, 'timeZone', s.time_zone,
                                      'replyTo', s.reply_to)
               FROM settings s) AS "settingsJson"
       FROM projects p WHERE p.id = :projectId::uuid`,
    { projectId },
  );
  const row = projectRows.rows[0];
  if (!row) throw notFound('No such project.');
  const { settingsJson, ...project } = row;
  const settings: EngineSettings = settingsJson ?? {
    orchestraName: '',
    conflictMode: 'first_asked',
    reminderPercent: 75,
    timeZone: 'Europe/Stockholm',
    replyTo: null,
  };

  const needRows = await db.query<
    EngineNeed & { instrumentSortOrder: number; positionSortOrder: number; strategy: Strategy; maxRecipients: number | null; localResidentsOnly: boolean }
  >(
    `SELECT n.id, n.code, n.position_id AS "positionId", p.name AS "positionName", i.name AS "instrumentName",
            n.quantity, n.status, n.response_hours AS "responseHours", n.first_sent_at AS "firstSentAt",
            i.sort_order AS "instrumentSortOrder", p.sort_order AS "positionSortOrder", n.strategy,
            n.max_recipients AS "maxRecipients", n.local_residents_only AS "localResidentsOnly"
       FROM needs n JOIN positions p ON p.id = n.position_id JOIN instruments i ON i.id = p.instrument_id
      WHERE n.project_id = :projectId::uuid
      ORDER BY i.sort_order, p.sort_order, n.code`,
    { projectId },
  );
  const entryRows = await db.query<{ needId: string; musicianId: string; rank: number }>(
    `SELECT n.id AS "needId", e.musician_id AS "musicianId", e.rank
       FROM needs n JOIN ranking_list_entries e ON e.list_id = n.ranking_list_id
      WHERE n.project_id = :projectId::uuid
      ORDER BY n.id, e.rank`,
    { projectId },
  );
  const musicianRows = await db.query<EngineMusician & { active: boolean; archived: boolean; localResident: boolean; hasEmail: boolean }>(
    `SELECT m.id, m.code, m.first_name AS "firstName", m.last_name AS "lastName", m.email, m.language,
            m.active, m.archived_at IS NOT NULL AS archived, m.local_resident AS "localResident",
            (m.email IS NOT NULL AND m.erased_at IS NULL) AS "hasEmail"
       FROM musicians m
      WHERE m.id IN (SELECT e.musician_id FROM ranking_list_entries e JOIN needs n ON n.ranking_list_id = e.list_id
                      WHERE n.project_id = :projectId::uuid
                     UNION
                     SELECT r.musician_id FROM requests r WHERE r.project_id = :projectId::uuid)`,
    { projectId },
  );
  const requestRows = await db.query<{ needId: string; musicianId: string; status: RequestStatus; wave: number }>(
    `SELECT need_id AS "needId", musician_id AS "musicianId", status, wave
       FROM requests WHERE project_id = :projectId::uuid ORDER BY sent_at, code`,
    { projectId },
  );
  const choiceRows = await db.query<{ musicianId: string; needId: string }>(
    `SELECT musician_id AS "musicianId", need_id AS "needId" FROM project_conflict_choices WHERE project_id = :projectId::uuid`,
    { projectId },
  );

  const lists = new Map<string, { musicianId: string; rank: number }[]>();
  for (const e of entryRows.rows) {
    const list = lists.get(e.needId) ?? [];
    list.push({ musicianId: e.musicianId, rank: e.rank });
    lists.set(e.needId, list);
  }

  const input: PlanningInput = {
    projectPaused: project.paused,
    conflictMode: settings.conflictMode,
    conflictChoices: choiceRows.rows,
    needs: needRows.rows.map((n) => ({
      id: n.id,
      instrumentSortOrder: n.instrumentSortOrder,
      positionSortOrder: n.positionSortOrder,
      code: n.code,
      positionId: n.positionId,
      quantity: n.quantity,
      strategy: n.strategy,
      maxRecipients: n.maxRecipients,
      localResidentsOnly: n.localResidentsOnly,
      status: n.status,
      list: lists.get(n.id) ?? [],
    })),
    musicians: musicianRows.rows.map((m) => ({
      id: m.id,
      active: m.active,
      archived: m.archived,
      localResident: m.localResident,
      hasEmail: m.hasEmail,
    })),
    requests: requestRows.rows,
  };

  return {
    settings,
    project,
    input,
    needs: new Map(
      needRows.rows.map((n) => [
        n.id,
        {
          id: n.id,
          code: n.code,
          positionId: n.positionId,
          positionName: n.positionName,
          instrumentName: n.instrumentName,
          quantity: n.quantity,
          status: n.status,
          responseHours: n.responseHours,
          firstSentAt: n.firstSentAt,
        },
      ]),
    ),
    musicians: new Map(
      musicianRows.rows.map((m) => [
        m.id,
        { id: m.id, code: m.code, firstName: m.firstName, lastName: m.lastName, email: m.email, language: m.language },
      ]),
    ),
  };
}
