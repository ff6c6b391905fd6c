import { describe, expect, it } from 'vitest';
import { en } from '../../frontend/src/i18n/en';
import { enAdmin } from '../../frontend/src/i18n/en-admin';
import { enPublic } from '../../frontend/src/i18n/en-public';
import { sv } from '../../frontend/src/i18n/sv';
import { svAdmin } from '../../frontend/src/i18n/sv-admin';
import { svPublic } from '../../frontend/src/i18n/sv-public';

const leaves = (value: unknown, prefix = ''): [string, string][] =>
  typeof value === 'string' ? [[prefix, value]] : Object.entries(value as object).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));

describe('dictionaries', () => {
  it('have every text in both languages, none empty, with the same placeholders', () => {
    const svLeaves = new Map(leaves(sv));
    const enLeaves = new Map(leaves(en));
    expect([...enLeaves.keys()].sort()).toEqual([...svLeaves.keys()].sort());
    for (const [key, text] of svLeaves) {
      const other = enLeaves.get(key)!;
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('are split into public and signed-in sections that do not overlap (a spread would hide one silently)', () => {
    for (const [publicPart, adminPart] of [
      [svPublic, svAdmin],
      [enPublic, enAdmin],
    ]) {
      const shared = Object.keys(publicPart).filter((section) => section in adminPart);
      expect(shared).toEqual([]);
    }
  });
});
