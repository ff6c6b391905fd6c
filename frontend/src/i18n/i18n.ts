import * as i18n from '@solid-primitives/i18n';
import { createMemo, createRoot, createSignal } from 'solid-js';
import { en } from './en';
import { sv } from './sv';

/** Swedish by default (SPEC §6), English selectable; the choice is remembered on this device. */
export type Locale = 'sv' | 'en';
export const locales: Locale[] = ['sv', 'en'];
const dictionaries = { sv, en };
const storageKey = 'orchestra-system.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'en' || stored === 'sv' ? stored : 'sv';
}

const state = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
  const dictionary = createMemo(() => i18n.flatten(dictionaries[locale()]));
  const translate = i18n.translator(dictionary, i18n.resolveTemplate);
  // "1 musician", not "1 musicians": a text with a count of one uses its `_one` form where there is one.
  const t = ((key: string, ...rest: unknown[]) => {
    const count = (rest[0] as { count?: unknown } | undefined)?.count;
    const one = `${key}_one`;
    const chosen = count === 1 && one in dictionary() ? one : key;
    return (translate as (key: string, ...rest: unknown[]) => unknown)(chosen, ...rest);
  }) as typeof translate;
  return { locale, setLocaleSignal, t };
});

export const locale = state.locale;
export const t = state.t;

export function setLocale(next: Locale, remember = true): void {
  state.setLocaleSignal(next);
  if (remember && typeof localStorage !== 'undefined') localStorage.setItem(storageKey, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}
