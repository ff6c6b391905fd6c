import { renderTemplate, unknownTemplateVariables } from '../../domain/render-template';
import { conflict, validationFailed, type FieldError } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import type { GroupEmailBody } from '../../schemas/engine-controls';
import type { Page } from '../../schemas/paging';
import { recordAudit, type Actor } from '../audit/record-audit';
import { enqueueEmails, type EmailToEnqueue, type OutboxAttachment } from '../mail/enqueue-email';
import { lockProject } from '../projects/lock-project';
import type { MessageView } from './message-log';
import { loadRequestEmailContexts, requestTemplateValues, type RequestEmailContext } from './request-emails';

export interface GroupEmailView {
  id: string;
  code: string;
  subject: string;
  body: string;
  filter: { instrumentId?: string; positionId?: string };
  sentBy: string | null;
  createdAt: string;
  files: { id: string; filename: string }[];
  /** status: the delivery of the recipient's outbox row (null without one). */
  recipients: { musicianId: string; code: string; name: string; outboxId: string | null; status: MessageView['status'] | null }[];
}

/**
 * A message to the accepted musicians of a project (SPEC §3.5), optionally only one instrument or position,
 * with the project's files attached. Subject and body may use the template `{{variables}}`, filled per
 * musician. Recorded with its recipients and their outbox rows in one transaction, in the same dozen
 * statements whatever the number of recipients or files (each statement is a Data API call).
 */
export async function sendGroupEmail(db: Database, actor: Actor, projectId: string, body: GroupEmailBody): Promise<GroupEmailView> {
  return db.transaction(async (tx) => {
    const project = await lockProject(tx, projectId);
    const fields: FieldError[] = [];
    for (const [field, text] of [['subject', body.subject], ['body', body.body]] as const) {
      const unknown = unknownTemplateVariables(text);
      if (unknown.length > 0) fields.push({ field, message: `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}` });
    }
    if (body.instrumentId && !(await exists(tx, 'instruments', body.instrumentId))) fields.push({ field: 'instrumentId', message: 'no such instrument' });
    if (body.positionId && !(await exists(tx, 'positions', body.positionId))) fields.push({ field: 'positionId', message: 'no such position' });
    const fileIds = [...new Set(body.fileIds)];
    const { rows: files } = await tx.query<{ id: string; filename: string; content_type: string; storage_key: string }>(
      `SELECT id, filename, content_type, storage_key FROM files
        WHERE project_id = :projectId::uuid AND confirmed_at IS NOT NULL
          AND id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
        ORDER BY created_at, code`,
      { projectId, ids: fileIds },
    );
    if (files.length !== fileIds.length) fields.push({ field: 'fileIds', message: "must be uploaded files of this project" });
    if (fields.length > 0) throw validationFailed(fields);

    const { rows: accepted } = await tx.query<{ id: string; musician_id: string }>(
      `SELECT r.id, r.musician_id
         FROM requests r
         JOIN needs n ON n.id = r.need_id
         JOIN positions p ON p.id = n.position_id
         JOIN musicians m ON m.id = r.musician_id
        WHERE r.project_id = :projectId::uuid AND r.status = 'accepted' AND m.email IS NOT NULL
          AND (:instrumentId::uuid IS NULL OR p.instrument_id = :instrumentId::uuid)
          AND (:positionId::uuid IS NULL OR p.id = :positionId::uuid)
        ORDER BY m.last_name, m.first_name, m.id`,
      { projectId, instrumentId: body.instrumentId ?? null, positionId: body.positionId ?? null },
    );
    if (accepted.length === 0) {
      throw conflict(`No accepted musician of ${project.code} (${project.name}) matches; nobody would get this email.`, 'no_recipients');
    }

    const filter = { ...(body.instrumentId ? { instrumentId: body.instrumentId } : {}), ...(body.positionId ? { positionId: body.positionId } : {}) };
    const { rows: created } = await tx.query<{ id: string; code: string }>(
      `INSERT INTO group_emails (project_id, subject, body, filter, sent_by_user_id, sent_by_email)
       VALUES (:projectId::uuid, :subject, :body, :filter::jsonb, :userId::uuid, :email)
       RETURNING id, code`,
      { projectId, subject: body.subject, body: body.body, filter, userId: actor.userId, email: actor.email },
    );
    const groupEmailId = created[0].id;
    await insertGroupEmailFiles(tx, groupEmailId, files.map((f) => f.id));
    const attachments: OutboxAttachment[] = files.map((f) => ({ filename: f.filename, contentType: f.content_type, storageKey: f.storage_key }));
    const contexts = await loadRequestEmailContexts(tx, accepted.map((a) => a.id));
    // All messages in one outbox statement; enqueueEmails returns their ids in the order of `contexts`.
    const outbox = await enqueueEmails(tx, contexts.map((ctx) => groupMessage(body, ctx, attachments, groupEmailId)));
    await insertGroupEmailRecipients(tx, groupEmailId, contexts.map((ctx, i) => ({ musicianId: ctx.musician.id, outboxId: outbox[i].id })));
    await recordAudit(tx, {
      actor,
      action: 'group_email.send',
      entityType: 'group_email',
      entityId: groupEmailId,
      after: { code: created[0].code, projectId, subject: body.subject, filter, fileIds, recipients: contexts.length },
    });
    return readGroupEmail(tx, groupEmailId);
  });
}

/** The project's group emails, newest first, each with its recipients and their delivery status. */
export async function listGroupEmails(db: Queryable, projectId: string, query: { limit: number; offset: number }): Promise<Page<GroupEmailView>> {
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM group_emails WHERE project_id = :projectId::uuid`, {
    projectId,
  });
  const { rows } = await db.query<GroupEmailRow>(
    `SELECT ${groupEmailColumns} FROM group_emails WHERE project_id = :projectId::uuid ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset`,
    { projectId, limit: query.limit, offset: query.offset },
  );
  return { items: await groupEmailViews(db, rows), total: counted[0].total };
}

async function readGroupEmail(db: Queryable, id: string): Promise<GroupEmailView> {
  const { rows } = await db.query<GroupEmailRow>(`SELECT ${groupEmailColumns} FROM group_emails WHERE id = :id::uuid`, { id });
  const [view] = await groupEmailViews(db, rows);
  return view;
}

interface GroupEmailRow {
  id: string;
  code: string;
  subject: string;
  body: string;
  filter: GroupEmailView['filter'];
  sent_by_email: string | null;
  created_at: string;
}

const groupEmailColumns = 'id, code, subject, body, filter, sent_by_email, created_at';

/**
 * The views of several group emails with two more statements whatever their number (files, recipients),
 * not three per email: a page of history is one screen, and each statement is a Data API call.
 */
async function groupEmailViews(db: Queryable, groupEmails: GroupEmailRow[]): Promise<GroupEmailView[]> {
  if (groupEmails.length === 0) return [];
  const ids = groupEmails.map((g) => g.id);
  const { rows: files } = await db.query<{ group_email_id: string; id: string; filename: string }>(
    `SELECT gf.group_email_id, f.id, f.filename
       FROM group_email_files gf JOIN files f ON f.id = gf.file_id
      WHERE gf.group_email_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
      ORDER BY f.created_at, f.code`,
    { ids },
  );
  const { rows: recipients } = await db.query<{ group_email_id: string; musician_id: string; code: string; name: string; outbox_id: string | null; status: MessageView['status'] | null }>(
    `SELECT gr.group_email_id, gr.musician_id, m.code, btrim(m.first_name || ' ' || m.last_name) AS name, gr.outbox_id, o.status
       FROM group_email_recipients gr
       JOIN musicians m ON m.id = gr.musician_id
       LEFT JOIN outbox o ON o.id = gr.outbox_id
      WHERE gr.group_email_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
      ORDER BY m.last_name, m.first_name, m.id`,
    { ids },
  );
  // Filtering keeps each email's files and recipients in the order the statements sorted them.
  return groupEmails.map((g) => ({
    id: g.id,
    code: g.code,
    subject: g.subject,
    body: g.body,
    filter: g.filter,
    sentBy: g.sent_by_email,
    createdAt: g.created_at,
    files: files.filter((f) => f.group_email_id === g.id).map((f) => ({ id: f.id, filename: f.filename })),
    recipients: recipients
      .filter((r) => r.group_email_id === g.id)
      .map((r) => ({ musicianId: r.musician_id, code: r.code, name: r.name, outboxId: r.outbox_id, status: r.status })),
  }));
}

/** One musician's message: the admin's subject and body with the template variables filled for them. */
function groupMessage(body: GroupEmailBody, ctx: RequestEmailContext, attachments: OutboxAttachment[], groupEmailId: string): EmailToEnqueue {
  const values = requestTemplateValues(ctx);
  return {
    kind: 'group',
    to: ctx.musician.email!,
    subject: renderTemplate(body.subject, values, 'text').replace(/\s+/g, ' ').trim(),
    text: renderTemplate(body.body, values, 'text'),
    html: renderTemplate(body.body, values, 'html'),
    attachments,
    groupEmailId,
  };
}

/** The attached files in one statement; ids travel as jsonb because the Data API has no array parameters. */
async function insertGroupEmailFiles(tx: Queryable, groupEmailId: string, fileIds: string[]): Promise<void> {
  if (fileIds.length === 0) return;
  await tx.query(
    `INSERT INTO group_email_files (group_email_id, file_id)
     SELECT :groupEmailId::uuid, value::uuid FROM jsonb_array_elements_text(:fileIds::jsonb)`,
    { groupEmailId, fileIds },
  );
}

/** Who got the email and which outbox row is theirs, all recipients in one statement. */
async function insertGroupEmailRecipients(tx: Queryable, groupEmailId: string, recipients: { musicianId: string; outboxId: string }[]): Promise<void> {
  await tx.query(
    `INSERT INTO group_email_recipients (group_email_id, musician_id, outbox_id)
     SELECT :groupEmailId::uuid, r."musicianId", r."outboxId" FROM jsonb_to_recordset(:recipients::jsonb) AS r("musicianId" uuid, "outboxId" uuid)`,
    { groupEmailId, recipients },
  );
}

async function exists(tx: Queryable, table: 'instruments' | 'positions', id: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM ${table} WHERE id = :id::uuid`, { id });
  return rows.length > 0;
}
