import { fallbackTemplateLanguage, type TemplateLanguage, type TemplateType } from '../../domain/template-variables';
import type { Queryable } from '../../ports/database';
import { defaultEmailTemplates } from '../../seed/default-email-templates';

export interface LoadedTemplate {
  type: TemplateType;
  /** The language actually used: the one asked for, else the fallback. */
  language: TemplateLanguage;
  subject: string;
  body: string;
}

/**
 * The orchestra's template of a type in the wanted language; falls back to Swedish, then to the built-in
 * default, so a message can always be written.
 */
export async function loadTemplate(db: Queryable, type: TemplateType, language: TemplateLanguage): Promise<LoadedTemplate> {
  const { rows } = await db.query<{ language: TemplateLanguage; subject: string; body: string }>(
    `SELECT language, subject, body FROM email_templates
     WHERE type = :type AND language IN (:language, :fallback)
     ORDER BY (language = :language) DESC
     LIMIT 1`,
    { type, language, fallback: fallbackTemplateLanguage },
  );
  if (rows[0]) return { type, ...rows[0] };
  const builtIn =
    defaultEmailTemplates.find((t) => t.type === type && t.language === language) ??
    defaultEmailTemplates.find((t) => t.type === type && t.language === fallbackTemplateLanguage)!;
  return { type, language: builtIn.language, subject: builtIn.subject, body: builtIn.body };
}
