/** One changed key of an audit entry: what it was and what it became (undefined = absent on that side). */
export interface AuditChange {
  key: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The keys whose values differ between an entry's before and after, in a stable order. A created thing
 * (no before) lists everything it got; a whole value that is not an object is one change under "value".
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isRecord(b)) && (a === undefined || isRecord(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return keys.filter((key) => !same(b?.[key], a?.[key])).map((key) => ({ key, before: b?.[key], after: a?.[key] }));
  }
  return same(b, a) ? [] : [{ key: 'value', before: b, after: a }];
}

/** A value as a person reads it: text as is, nothing as a dash, the rest as compact JSON. */
export function auditValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}
