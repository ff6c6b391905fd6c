import { afterEach, expect, it } from 'vitest';
import { staffingText } from '../../frontend/src/components/staffing-bar';
import { setLocale } from '../../frontend/src/i18n/i18n';

afterEach(() => setLocale('sv'));

it('says one seat in the singular and several in the plural, in both languages', () => {
  expect(staffingText(1, 1)).toBe('1 av 1 plats tillsatt');
  expect(staffingText(0, 1)).toBe('0 av 1 plats tillsatt');
  expect(staffingText(1, 3)).toBe('1 av 3 platser tillsatta');
  setLocale('en');
  expect(staffingText(1, 1)).toBe('1 of 1 seat filled');
  expect(staffingText(2, 5)).toBe('2 of 5 seats filled');
});
