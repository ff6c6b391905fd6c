import { renderTemplate, type TemplateValues } from '../../domain/render-template';
import type { TemplateLanguage, TemplateType } from '../../domain/template-variables';
import type { Queryable } from '../../ports/database';
import type { TemplatePreviewBody } from '../../schemas/templates';
import { readSettings } from '../settings/read-settings';
import { loadTemplate } from './load-template';
import { sampleTemplateValues } from './sample-values';

export interface TemplatePreview {
  type: TemplateType;
  /** The language of the stored template used (the fallback when this language has none). */
  language: TemplateLanguage;
  subject: string;
  /** The plain-text part, as the musician's mail program shows it. */
  text: string;
  /** The HTML part: every value and the template's own text escaped, line breaks as <br>, the response link a button and a link. */
  html: string;
  values: TemplateValues;
}

/**
 * Renders what the admin typed (or, for what was left out, the template a musician would get now) with
 * sample data in the template's language: the same rendering as real messages.
 */
export async function previewTemplate(
  db: Queryable,
  type: TemplateType,
  language: TemplateLanguage,
  draft: TemplatePreviewBody,
  context: { now: Date; fallbackOrchestraName: string; baseUrl: string },
): Promise<TemplatePreview> {
  const stored = draft.subject !== undefined && draft.body !== undefined ? null : await loadTemplate(db, type, language);
  const subject = draft.subject ?? stored!.subject;
  const body = draft.body ?? stored!.body;
  const settings = await readSettings(db, context.fallbackOrchestraName);
  const values = sampleTemplateValues({
    language,
    now: context.now,
    orchestraName: settings.orchestraName,
    timeZone: settings.timeZone,
    baseUrl: context.baseUrl,
  });
  const usedLanguage = stored?.language ?? language;
  return {
    type,
    language: usedLanguage,
    subject: renderTemplate(subject, values, 'text'),
    text: renderTemplate(body, values, 'text'),
    html: renderTemplate(body, values, 'html', { language: usedLanguage }),
    values,
  };
}
