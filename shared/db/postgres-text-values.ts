/**
 * Readers for PostgreSQL's text output, shared by both database adapters so that each returns row
 * values in the shapes promised by shared/ports/database.ts.
 */

const timestampText =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

/**
 * `2026-11-25 06:30:35.123456+00` (timestamptz) or `2026-11-25 06:30:35.123` (timestamp, read as UTC)
 * → `2026-11-25T06:30:35.123Z`. Sub-millisecond digits are dropped (JavaScript dates hold milliseconds).
 * Values a Date cannot express (`infinity`, BC dates) come back unchanged.
 */
export function timestampTextToIso(text: string): string {
  const m = timestampText.exec(text);
  if (!m) return text;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  let offsetSeconds = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(/:/g, '');
    offsetSeconds = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0));
  }
  const time = date.getTime() - offsetSeconds * 1000;
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** `2026-11-25T06:30:35.123Z` → `2026-11-25 06:30:35.123` (the Data API's TIMESTAMP type hint format). */
export function dateToTimestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Reads an array literal (`{1,2,NULL}`, `{"a b","c\"d"}`, nested `{{1,2},{3,4}}`, optionally with a
 * `[1:2]=` bounds prefix) and maps each non-NULL element text through `element`.
 */
export function parseArrayLiteral(text: string, element: (value: string) => unknown = (v) => v): unknown[] {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;

  const parseArray = (): unknown[] => {
    if (text[i] !== '{') throw new Error('malformed array literal');
    i += 1;
    const items: unknown[] = [];
    if (text[i] === '}') {
      i += 1;
      return items;
    }
    for (;;) {
      if (text[i] === '{') {
        items.push(parseArray());
      } else if (text[i] === '"') {
        i += 1;
        let value = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i += 1;
          value += text[i];
          i += 1;
        }
        i += 1;
        items.push(element(value));
      } else {
        let j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '}') j += 1;
        const raw = text.slice(i, j).trim();
        i = j;
        items.push(raw.toUpperCase() === 'NULL' ? null : element(raw));
      }
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        return items;
      }
      throw new Error('malformed array literal');
    }
  };

  return parseArray();
}
