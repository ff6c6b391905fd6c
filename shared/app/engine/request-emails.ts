import { formatCalendarDate, formatDeadline } from '../../domain/engine/format-for-email';
import type { TemplateValues } from '../../domain/render-template';
import type { TemplateLanguage, TemplateType } from '../../domain/template-variables';
import type { Queryable } from '../../ports/database';
import { enqueueEmail, enqueueEmails, type EmailToEnqueue, type OutboxAttachment } from '../mail/enqueue-email';
import { loadTemplate, type LoadedTemplate } from '../templates/load-template';
import { renderEmail, templateCache } from './request-email';

/** Everything a message about one request needs: who, what, when, in which language. */
export interface RequestEmailContext {
  requestId: string;
  requestCode: string;
  needId: string;
  projectId: string;
  status: string;
  language: TemplateLanguage;
  musician: { id: string; firstName: string; lastName: string; email: string | null };
  project: { name: string; startDate: string; isoWeek: number; rehearsalSchedule: string; concertInfo: string };
  positionName: string;
  instrumentName: string;
  quantity: number;
  deadlineAt: string;
  orchestraName: string;
  timeZone: string;
}

interface ContextRow {
  request_id: string;
  request_code: string;
  need_id: string;
  project_id: string;
  status: string;
  language: TemplateLanguage;
  musician_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  project_name: string;
  start_date: string;
  iso_week: number;
  rehearsal_schedule: string;
  concert_info: string;
  position_name: string;
  instrument_name: string;
  quantity: number;
  deadline_at: string;
  orchestra_name: string;
  time_zone: string;
}

/** Loads the contexts of several requests in one query (a tick reminds hundreds at once). */
export async function loadRequestEmailContexts(db: Queryable, requestIds: string[]): Promise<RequestEmailContext[]> {
  if (requestIds.length === 0) return [];
  const { rows } = await db.query<ContextRow>(
    `SELECT r.id AS request_id, r.code AS request_code, r.need_id, r.project_id, r.status, m.language,
            m.id AS musician_id, m.first_name, m.last_name, m.email,
            p.name AS project_name, p.start_date, p.iso_week, p.rehearsal_schedule, p.concert_info,
            pos.name AS position_name, i.name AS instrument_name, n.quantity, r.deadline_at,
            s.orchestra_name, s.time_zone
       FROM requests r
       JOIN musicians m ON m.id = r.musician_id
       JOIN needs n ON n.id = r.need_id
       JOIN projects p ON p.id = r.project_id
       JOIN positions pos ON pos.id = n.position_id
       JOIN instruments i ON i.id = pos.instrument_id
       CROSS JOIN settings s
      WHERE r.id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))`,
    { ids: requestIds },
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    requestCode: r.request_code,
    needId: r.need_id,
    projectId: r.project_id,
    status: r.status,
    language: r.language,
    musician: { id: r.musician_id, firstName: r.first_name, lastName: r.last_name, email: r.email },
    project: {
      name: r.project_name,
      startDate: r.start_date,
      isoWeek: r.iso_week,
      rehearsalSchedule: r.rehearsal_schedule,
      concertInfo: r.concert_info,
    },
    positionName: r.position_name,
    instrumentName: r.instrument_name,
    quantity: r.quantity,
    deadlineAt: r.deadline_at,
    orchestraName: r.orchestra_name,
    timeZone: r.time_zone,
  }));
}

/** The `{{variables}}` of SPEC §2 for one request, dates in the musician's language and the orchestra's zone. */
export function requestTemplateValues(ctx: RequestEmailContext, responseUrl?: string): TemplateValues {
  return {
    firstName: ctx.musician.firstName,
    lastName: ctx.musician.lastName,
    projectName: ctx.project.name,
    positionName: ctx.positionName,
    instrumentName: ctx.instrumentName,
    startDate: formatCalendarDate(ctx.project.startDate, ctx.language),
    weekNumber: ctx.project.isoWeek,
    rehearsalSchedule: ctx.project.rehearsalSchedule,
    concertInfo: ctx.project.concertInfo,
    responseUrl: responseUrl ?? '',
    deadline: formatDeadline(new Date(ctx.deadlineAt), ctx.timeZone, ctx.language),
    quantity: ctx.quantity,
    orchestraName: ctx.orchestraName,
  };
}

/**
 * The project's and the need's confirmed files sent at a moment of the request's life (SPEC §2: on request
 * with the first email, on accept with the confirmation), as outbox attachments read from the FileStore.
 */
export async function requestFileAttachments(db: Queryable, needId: string, sendOn: 'request' | 'accept'): Promise<OutboxAttachment[]> {
  const { rows } = await db.query<{ filename: string; content_type: string; storage_key: string }>(
    `SELECT f.filename, f.content_type, f.storage_key
       FROM files f JOIN needs n ON n.project_id = f.project_id
      WHERE n.id = :needId::uuid AND (f.need_id IS NULL OR f.need_id = n.id)
        AND f.send_on = :sendOn AND f.confirmed_at IS NOT NULL
      ORDER BY f.created_at, f.id`,
    { needId, sendOn },
  );
  return rows.map((r) => ({ filename: r.filename, contentType: r.content_type, storageKey: r.storage_key }));
}

/** The messages about a request (the admins' 'exhausted' notice is about a need). */
type RequestEmailType = Exclude<TemplateType, 'exhausted'>;

/** What a message about one request needs besides its context: its link and its files, if any. */
export interface RequestEmailOptions {
  responseUrl?: string;
  attachments?: OutboxAttachment[];
}

/** The outbox row of a message about one request, rendered from an already loaded template. */
function requestEmail(type: RequestEmailType, template: LoadedTemplate, ctx: RequestEmailContext, options: RequestEmailOptions): EmailToEnqueue {
  return {
    kind: type,
    to: ctx.musician.email!,
    ...renderEmail(template, requestTemplateValues(ctx, options.responseUrl)),
    attachments: options.attachments,
    requestId: ctx.requestId,
  };
}

/**
 * Writes one templated message about a request to the outbox, in the caller's transaction: the orchestra's
 * template in the musician's language (fallback sv, then the built-in text). A musician without an address
 * (erased) gets nothing; returns the outbox id or null.
 */
export async function enqueueRequestEmail(
  tx: Queryable,
  type: RequestEmailType,
  ctx: RequestEmailContext,
  options: RequestEmailOptions = {},
): Promise<string | null> {
  if (!ctx.musician.email) return null;
  const template = await loadTemplate(tx, type, ctx.language);
  const { id } = await enqueueEmail(tx, requestEmail(type, template, ctx, options));
  return id;
}

/**
 * The same message about many requests at once (a tick's reminders, a filled need's waiting musicians):
 * each template read once per language and all rows written by one outbox statement (a few only for very
 * long emails), so the cost does not grow with the number of requests. Musicians without an address (erased) get nothing.
 */
export async function enqueueRequestEmails(
  tx: Queryable,
  type: RequestEmailType,
  messages: ({ ctx: RequestEmailContext } & RequestEmailOptions)[],
): Promise<void> {
  const template = templateCache(tx);
  const emails: EmailToEnqueue[] = [];
  for (const { ctx, ...options } of messages) {
    if (ctx.musician.email) emails.push(requestEmail(type, await template(type, ctx.language), ctx, options));
  }
  await enqueueEmails(tx, emails);
}
