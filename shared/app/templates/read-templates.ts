import { templateLanguages, templateTypes, templateVariables, type TemplateLanguage, type TemplateType } from '../../domain/template-variables';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import { defaultEmailTemplates } from '../../seed/default-email-templates';

export interface TemplateView {
  type: TemplateType;
  language: TemplateLanguage;
  subject: string;
  body: string;
  /** Differs from the built-in default (a reset brings the default back). */
  customised: boolean;
  /** Last saved; null while the orchestra has no row of its own (the built-in default is shown). */
  updatedAt: string | null;
}

export interface TemplateDetail extends TemplateView {
  default: { subject: string; body: string };
  /** The only `{{variables}}` the subject and body may use. */
  variables: readonly string[];
}

interface TemplateRow {
  type: TemplateType;
  language: TemplateLanguage;
  subject: string;
  body: string;
  updated_at: string;
}

export function builtInTemplate(type: TemplateType, language: TemplateLanguage): { subject: string; body: string } {
  const found = defaultEmailTemplates.find((t) => t.type === type && t.language === language);
  // Every type has both languages in the defaults; the guard only keeps a gap from becoming a crash.
  if (!found) return { subject: type, body: type };
  return { subject: found.subject, body: found.body };
}

function toView(type: TemplateType, language: TemplateLanguage, row: TemplateRow | undefined): TemplateView {
  const builtIn = builtInTemplate(type, language);
  const current = row ?? { ...builtIn, updated_at: null };
  return {
    type,
    language,
    subject: current.subject,
    body: current.body,
    customised: current.subject !== builtIn.subject || current.body !== builtIn.body,
    updatedAt: current.updated_at,
  };
}

/** Every type in every language, in a fixed order, whether stored or still the built-in default. */
export async function listTemplates(db: Queryable): Promise<Page<TemplateView>> {
  const { rows } = await db.query<TemplateRow>(`SELECT type, language, subject, body, updated_at FROM email_templates`);
  const items = templateTypes.flatMap((type) =>
    templateLanguages.map((language) => toView(type, language, rows.find((r) => r.type === type && r.language === language))),
  );
  return { items, total: items.length };
}

export async function getTemplate(db: Queryable, type: TemplateType, language: TemplateLanguage): Promise<TemplateDetail> {
  const { rows } = await db.query<TemplateRow>(
    `SELECT type, language, subject, body, updated_at FROM email_templates WHERE type = :type AND language = :language`,
    { type, language },
  );
  return { ...toView(type, language, rows[0]), default: builtInTemplate(type, language), variables: templateVariables };
}
