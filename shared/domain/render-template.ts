import { requiredBodyVariables, templateVariables, type TemplateType, type TemplateVariable } from './template-variables';

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

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c]);
}

/**
 * Fills a template. `text` leaves values as they are (plain-text mail and subjects cannot be injected
 * into); `html` escapes every value and the template's own text, and turns line breaks into <br>.
 * A variable without a value renders empty, so a missing optional field never shows braces to a musician.
 */
export function renderTemplate(template: string, values: TemplateValues, format: 'text' | 'html' = 'text'): string {
  if (format === 'text') return template.replace(placeholder, (_, name: string) => String(values[name as TemplateVariable] ?? ''));
  let html = '';
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    html += escapeHtml(template.slice(last, match.index));
    html += escapeHtml(String(values[match[1] as TemplateVariable] ?? ''));
    last = match.index + match[0].length;
  }
  html += escapeHtml(template.slice(last));
  return html.replace(/\r?\n/g, '<br>\n');
}
