import type { FieldError } from '../errors';

/** Why a text holding U+0000 is refused: PostgreSQL text cannot store it, so it would otherwise fail as a 500. */
export const nulCharacterMessage = 'must not contain NUL characters';

/**
 * Every string in a parsed body or query that holds a NUL character, named by its path (`notes`,
 * `choices.0.musicianId`; `where` for a bare string). Checked for every route at once, so no schema can forget it.
 */
export function nulCharacterFields(value: unknown, where: string, path: string[] = []): FieldError[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: path.join('.') || where, message: nulCharacterMessage }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterFields(item, where, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nulCharacterFields(item, where, [...path, key]));
  }
  return [];
}
