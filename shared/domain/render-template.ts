import {
  fallbackTemplateLanguage,
  requiredBodyVariables,
  templateVariables,
  type TemplateLanguage,
  type TemplateType,
  type TemplateVariable,
} from './template-variables';
import { deadlineSlot, withoutSlotCharacters } from './delivery-time-values';
import { escapeHtml } from './html-escape';

/**
 * `{{ name }}` with optional spaces. Any identifier-like name is a placeholder (known names are letters only),
 * so a misspelling such as `{{musician_first_name}}` is refused as unknown instead of reaching a musician as text.
 */
const placeholder = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

export type TemplateValues = Partial<Record<TemplateVariable, string | number>>;

/** The variables a subject or body names that are not in the vocabulary (refused when a template is saved). */
export function unknownTemplateVariables(text: string): string[] {
  const known = new Set<string>(templateVariables);
  const unknown = new Set<string>();
  for (const [, name] of text.matchAll(placeholder)) if (!known.has(name)) unknown.add(name);
  return [...unknown];
}

/** The variables a template of this type must use in its body and does not (refused when saved). */
export function missingRequiredVariables(type: TemplateType, body: string): TemplateVariable[] {
  const used = new Set<string>([...body.matchAll(placeholder)].map(([, name]) => name));
  return requiredBodyVariables[type].filter((name) => !used.has(name));
}

/** The response link's button in the HTML part, in the template's language. */
const answerButtonLabels: Record<TemplateLanguage, string> = { sv: 'Svara', en: 'Answer' };

/**
 * Inline styles only: mail programs drop <style> blocks and most CSS. The border in the button's colour keeps its
 * size in clients that ignore padding on links.
 */
const answerButtonStyle =
  'display:inline-block;padding:12px 28px;border:1px solid #1d4e89;border-radius:6px;background-color:#1d4e89;' +
  'color:#ffffff;font-weight:bold;text-decoration:none';

export interface RenderOptions {
  /** The template's language: labels the HTML part's answer button. Default: the fallback language (sv). */
  language?: TemplateLanguage;
}

/** Text as HTML: escaped, line breaks kept. */
function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>\n');
}

/**
 * The response link in the HTML part: a button to press and, under it, the address itself as a link (for mail
 * programs that show no styles, and so the musician sees where it goes). Only a web address becomes a link.
 */
function responseLinkHtml(url: string, language: TemplateLanguage): string {
  if (!/^https?:\/\//i.test(url)) return textToHtml(url);
  const href = escapeHtml(url);
  return `<a href="${href}" style="${answerButtonStyle}">${answerButtonLabels[language]}</a><br>\n<a href="${href}">${href}</a>`;
}

/**
 * Fills a template. `text` leaves values as they are (plain-text mail and subjects cannot be injected
 * into); `html` escapes every value and the template's own text, and turns line breaks into <br>; there the
 * response link is a button and a link (the plain-text part keeps the bare address).
 * A variable without a value renders empty, so a missing optional field never shows braces to a musician.
 */
export function renderTemplate(template: string, values: TemplateValues, format: 'text' | 'html' = 'text', options: RenderOptions = {}): string {
  // A delivery-time slot (the deadline of a request not yet sent) comes only as a value given for it, never in text.
  const valueOf = (name: string) => {
    const value = String(values[name as TemplateVariable] ?? '');
    return value === deadlineSlot ? value : withoutSlotCharacters(value);
  };
  const own = withoutSlotCharacters(template);
  if (format === 'text') return own.replace(placeholder, (_, name: string) => valueOf(name));
  const language = options.language ?? fallbackTemplateLanguage;
  let html = '';
  let last = 0;
  for (const match of own.matchAll(placeholder)) {
    html += textToHtml(own.slice(last, match.index));
    const value = valueOf(match[1]);
    html += match[1] === 'responseUrl' ? responseLinkHtml(value, language) : textToHtml(value);
    last = match.index + match[0].length;
  }
  return html + textToHtml(own.slice(last));
}
