import { formatCalendarDate, formatDeadline } from '../../domain/engine/format-for-email';
import { renderTemplate, type TemplateValues } from '../../domain/render-template';
import type { TemplateLanguage, TemplateType } from '../../domain/template-variables';
import type { Queryable } from '../../ports/database';
import type { StoredOutboxAttachment as OutboxAttachment } from '../mail/enqueue-email';
import { loadTemplate, type LoadedTemplate } from '../templates/load-template';
import type { EngineMusician, EngineNeed, EngineProject, EngineSettings } from './load-planning-input';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The `{{variables}}` of a message about one need of a project (SPEC §2), in the reader's language. */
export function needTemplateValues(args: {
  settings: EngineSettings;
  project: EngineProject;
  need: Pick<EngineNeed, 'positionName' | 'instrumentName' | 'quantity'>;
  language: TemplateLanguage;
  musician?: Pick<EngineMusician, 'firstName' | 'lastName'>;
  responseUrl?: string;
  deadline?: Date;
}): TemplateValues {
  const { settings, project, need, language } = args;
  return {
    firstName: args.musician?.firstName,
    lastName: args.musician?.lastName,
    projectName: project.name,
    positionName: need.positionName,
    instrumentName: need.instrumentName,
    startDate: formatCalendarDate(project.startDate, language),
    weekNumber: project.isoWeek,
    rehearsalSchedule: project.rehearsalSchedule,
    concertInfo: project.concertInfo,
    responseUrl: args.responseUrl,
    deadline: args.deadline ? formatDeadline(args.deadline, settings.timeZone, language) : undefined,
    quantity: need.quantity,
    orchestraName: settings.orchestraName,
  };
}

/** Subject, plain-text and HTML parts of a templated message; the HTML part's answer button speaks the template's language. */
export function renderEmail(template: LoadedTemplate, values: TemplateValues): RenderedEmail {
  return {
    subject: renderTemplate(template.subject, values, 'text').replace(/\s+/g, ' ').trim(),
    text: renderTemplate(template.body, values, 'text'),
    html: renderTemplate(template.body, values, 'html', { language: template.language }),
  };
}

/** Templates by type and language, read once per send however many emails use them. */
export function templateCache(db: Queryable): (type: TemplateType, language: TemplateLanguage) => Promise<LoadedTemplate> {
  const cache = new Map<string, Promise<LoadedTemplate>>();
  return (type, language) => {
    const key = `${type}:${language}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = loadTemplate(db, type, language);
      cache.set(key, hit);
    }
    return hit;
  };
}

/**
 * Confirmed files of the project, or of the given need, sent with a message of the given moment
 * ('request': the first email; 'accept': the confirmation). Unconfirmed uploads are never attached.
 */
export async function attachmentsFor(db: Queryable, projectId: string, needId: string, sendOn: 'request' | 'accept'): Promise<OutboxAttachment[]> {
  const { rows } = await db.query<OutboxAttachment>(
    `SELECT filename, content_type AS "contentType", storage_key AS "storageKey"
       FROM files
      WHERE project_id = :projectId::uuid AND (need_id IS NULL OR need_id = :needId::uuid)
        AND send_on = :sendOn AND confirmed_at IS NOT NULL
      ORDER BY need_id NULLS FIRST, created_at, code`,
    { projectId, needId, sendOn },
  );
  return rows;
}

/** The same, for every need of a project at once (one statement for a whole send). */
export async function attachmentsByNeed(
  db: Queryable,
  projectId: string,
  sendOn: 'request' | 'accept',
): Promise<(needId: string) => OutboxAttachment[]> {
  const { rows } = await db.query<OutboxAttachment & { needId: string | null }>(
    `SELECT need_id AS "needId", filename, content_type AS "contentType", storage_key AS "storageKey"
       FROM files
      WHERE project_id = :projectId::uuid AND send_on = :sendOn AND confirmed_at IS NOT NULL
      ORDER BY need_id NULLS FIRST, created_at, code`,
    { projectId, sendOn },
  );
  return (needId) =>
    rows
      .filter((f) => f.needId === null || f.needId === needId)
      .map(({ filename, contentType, storageKey }) => ({ filename, contentType, storageKey }));
}
