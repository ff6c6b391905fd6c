import { locale } from '../../i18n/i18n';
import type { Qualification } from './musician-types';

/**
 * Dates and times in the chosen language's conventions: Swedish 2026-11-25 14:05, English 25 Nov 2026, 14:05
 * (never 25/11/2026, which reads as another day to half the English-speaking world). A date without a time
 * (a project's start date) is that day wherever the browser is, not the day of UTC midnight.
 */
const english = () => locale() !== 'sv';
const tag = () => (english() ? 'en-GB' : 'sv-SE');
function asDate(iso: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
}
export const formatDate = (iso: string) => asDate(iso).toLocaleDateString(tag(), { dateStyle: english() ? 'medium' : 'short' });
export const formatDateTime = (iso: string, seconds = false) =>
  new Date(iso).toLocaleString(tag(), { dateStyle: english() ? 'medium' : 'short', timeStyle: seconds ? 'medium' : 'short' });

/** "Violin: Tutti violin 1, Stämledare" per instrument, in the order the API gives (score, then seniority). */
export function qualificationGroups(qualifications: Qualification[]): { instrument: string; positions: string[] }[] {
  const groups: { instrument: string; positions: string[] }[] = [];
  for (const q of qualifications) {
    const group = groups.find((g) => g.instrument === q.instrumentName);
    if (group) group.positions.push(q.positionName);
    else groups.push({ instrument: q.instrumentName, positions: [q.positionName] });
  }
  return groups;
}
