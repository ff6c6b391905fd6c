/**
 * The vocabulary of email templates (SPEC §2): which templates exist, in which languages, and the only
 * `{{variables}}` a subject or body may use. A template naming any other variable is refused when saved.
 */
export const templateVariables = [
  'firstName',
  'lastName',
  'projectName',
  'positionName',
  'instrumentName',
  'startDate',
  'weekNumber',
  'rehearsalSchedule',
  'concertInfo',
  'responseUrl',
  'deadline',
  'quantity',
  'orchestraName',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];

/**
 * Musician-facing types from SPEC §2, plus `exhausted`: the notice to the orchestra's admins that a
 * need's list ran out with seats left (SPEC §3.2), editable like the others.
 */
export const templateTypes = ['request', 'reminder', 'confirmation', 'position_filled', 'withdrawn', 'exhausted'] as const;
export type TemplateType = (typeof templateTypes)[number];

/** Languages a template can be written in; `sv` is the fallback when a musician's language has none. */
export const templateLanguages = ['sv', 'en'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];
export const fallbackTemplateLanguage: TemplateLanguage = 'sv';

/**
 * Variables a type's body must use: a request or reminder without the response link leaves the musician no
 * way to answer (the link and the button in the HTML part are made from the body).
 */
export const requiredBodyVariables: Record<TemplateType, readonly TemplateVariable[]> = {
  request: ['responseUrl'],
  reminder: ['responseUrl'],
  confirmation: [],
  position_filled: [],
  withdrawn: [],
  exhausted: [],
};
