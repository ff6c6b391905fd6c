import { formatCalendarDate, formatDeadline } from '../../domain/engine/format-for-email';
import type { TemplateValues } from '../../domain/render-template';
import type { TemplateLanguage } from '../../domain/template-variables';

const DAY = 24 * 60 * 60 * 1000;

/** ISO 8601 week of a UTC calendar date: the week belongs to the year of its Thursday. */
function isoWeek(date: Date): number {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / DAY / 7 - (3 - ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

// Realistic text a musician would read, with an "&" so the HTML preview shows how values are escaped.
const texts: Record<TemplateLanguage, Pick<TemplateValues, 'firstName' | 'lastName' | 'projectName' | 'rehearsalSchedule' | 'concertInfo'>> = {
  sv: {
    firstName: 'Karin',
    lastName: 'Lindqvist',
    projectName: 'Vårkonsert: Sibelius & Nielsen',
    rehearsalSchedule: 'Måndag–onsdag 10.00–13.00 i Stora salen\nGeneralrepetition torsdag 10.00–12.30',
    concertInfo: 'Torsdag kl. 19.00 i Konserthuset. Klädsel: helsvart.',
  },
  en: {
    firstName: 'Emma',
    lastName: 'Clarke',
    projectName: 'Spring concert: Sibelius & Nielsen',
    rehearsalSchedule: 'Monday–Wednesday 10:00–13:00 in the Main Hall\nDress rehearsal Thursday 10:00–12:30',
    concertInfo: 'Thursday at 19:00 in the Concert Hall. Dress: all black.',
  },
};

/**
 * Sample values for a preview, in the template's language: a project starting on the Monday six weeks from
 * now, a deadline 48 hours from now in the orchestra's time zone, formatted as real messages format them.
 */
export function sampleTemplateValues(options: {
  language: TemplateLanguage;
  now: Date;
  orchestraName: string;
  timeZone: string;
  baseUrl: string;
}): TemplateValues {
  const { language, now } = options;
  const inSixWeeks = new Date(now.getTime() + 42 * DAY);
  const monday = new Date(Date.UTC(inSixWeeks.getUTCFullYear(), inSixWeeks.getUTCMonth(), inSixWeeks.getUTCDate() - ((inSixWeeks.getUTCDay() + 6) % 7)));
  return {
    ...texts[language],
    positionName: 'Tutti violin 1',
    instrumentName: 'Violin',
    startDate: formatCalendarDate(monday.toISOString().slice(0, 10), language),
    weekNumber: isoWeek(monday),
    responseUrl: `${options.baseUrl.replace(/\/+$/, '')}/respond/${language === 'sv' ? 'exempel' : 'example'}`,
    deadline: formatDeadline(new Date(now.getTime() + 2 * DAY), options.timeZone, language),
    quantity: 2,
    orchestraName: options.orchestraName,
  };
}
