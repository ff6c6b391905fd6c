import type { TemplateLanguage } from '../template-variables';

const locales: Record<TemplateLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

/** A deadline as the musician reads it: in the orchestra's time zone and the musician's language. */
export function formatDeadline(at: Date, timeZone: string, language: TemplateLanguage): string {
  return new Intl.DateTimeFormat(locales[language], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** A calendar date (`YYYY-MM-DD`, no time zone) written out in the musician's language. */
export function formatCalendarDate(isoDate: string, language: TemplateLanguage): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locales[language], { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
