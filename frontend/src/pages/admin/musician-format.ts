import { locale } from '../../i18n/i18n';
import type { Qualification } from './musician-types';

/** Dates and times in the chosen language's conventions (Swedish: 2026-11-25). */
export const formatDate = (iso: string) => new Date(iso).toLocaleDateString(locale() === 'sv' ? 'sv-SE' : 'en-GB');
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString(locale() === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

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
