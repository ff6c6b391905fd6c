import { missingRequiredVariables } from '../../domain/render-template';
import type { TemplateLanguage, TemplateType } from '../../domain/template-variables';
import { validationFailed } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import type { TemplateBody } from '../../schemas/templates';
import { recordAudit, type Actor } from '../audit/record-audit';
import { builtInTemplate, getTemplate, type TemplateDetail } from './read-templates';

/**
 * Saves a template's subject and body. The schema already refused unknown variables; what a type's body must
 * hold (a request's and a reminder's response link) depends on the type in the path, so it is checked here.
 */
export async function saveTemplate(db: Database, actor: Actor, type: TemplateType, language: TemplateLanguage, body: TemplateBody): Promise<TemplateDetail> {
  const missing = missingRequiredVariables(type, body.body);
  if (missing.length > 0) {
    throw validationFailed(missing.map((name) => ({ field: 'body', message: `must contain {{${name}}}, the link the musician answers with` })));
  }
  return db.transaction((tx) => writeTemplate(tx, actor, 'template.update', type, language, body));
}

/** Puts the built-in default back. */
export async function resetTemplate(db: Database, actor: Actor, type: TemplateType, language: TemplateLanguage): Promise<TemplateDetail> {
  return db.transaction((tx) => writeTemplate(tx, actor, 'template.reset', type, language, builtInTemplate(type, language)));
}

async function writeTemplate(
  tx: Queryable,
  actor: Actor,
  action: string,
  type: TemplateType,
  language: TemplateLanguage,
  next: { subject: string; body: string },
): Promise<TemplateDetail> {
  // The row lock makes two admins' saves queue up, so each audit entry's "before" is what it replaced.
  const { rows } = await tx.query<{ subject: string; body: string }>(
    `SELECT subject, body FROM email_templates WHERE type = :type AND language = :language FOR UPDATE`,
    { type, language },
  );
  const before = rows[0] ?? builtInTemplate(type, language);
  await tx.query(
    `INSERT INTO email_templates (type, language, subject, body)
     VALUES (:type, :language, :subject, :body)
     ON CONFLICT (type, language) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = now()`,
    { type, language, subject: next.subject, body: next.body },
  );
  await recordAudit(tx, {
    actor,
    action,
    entityType: 'email_template',
    entityId: `${type}/${language}`,
    before: { subject: before.subject, body: before.body },
    after: { subject: next.subject, body: next.body },
  });
  return getTemplate(tx, type, language);
}
