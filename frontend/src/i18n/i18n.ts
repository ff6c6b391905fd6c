import * as i18n from '@solid-primitives/i18n';
import { createMemo, createRoot, createSignal } from 'solid-js';
import { ApiError } from '../api/client';
import { enPublic } from './en-public';
import type { Dictionary } from './sv';
import type { AdminDictionary } from './sv-admin';
import { svPublic } from './sv-public';

/** Swedish by default (SPEC §6), English selectable; the choice is remembered on this device. */
export type Locale = 'sv' | 'en';
export const locales: Locale[] = ['sv', 'en'];
const publicTexts = { sv: svPublic, en: enPublic };
const storageKey = 'orchestra-system.locale';

/**
 * The signed-in area's texts are most of the dictionary; one chunk per language, fetched by loadAdminTexts,
 * so the musician's respond page (phone first, SPEC §6) downloads only the public texts.
 */
const adminTextChunks: Record<Locale, () => Promise<AdminDictionary>> = {
  sv: () => import('./sv-admin').then((chunk) => chunk.svAdmin),
  en: () => import('./en-admin').then((chunk) => chunk.enAdmin),
};

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'en' || stored === 'sv' ? stored : 'sv';
}

const state = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
  const [adminTexts, setAdminTexts] = createSignal<Partial<Record<Locale, AdminDictionary>>>({});
  // Until the admin texts are in, their keys are simply absent: only the signed-in area uses them, and it waits.
  const dictionary = createMemo(() => i18n.flatten({ ...publicTexts[locale()], ...adminTexts()[locale()] } as Dictionary));
  const translate = i18n.translator(dictionary, i18n.resolveTemplate);
  // "1 musician", not "1 musicians": a text with a count of one uses its `_one` form where there is one.
  const t = ((key: string, ...rest: unknown[]) => {
    const count = (rest[0] as { count?: unknown } | undefined)?.count;
    const one = `${key}_one`;
    const chosen = count === 1 && one in dictionary() ? one : key;
    return (translate as (key: string, ...rest: unknown[]) => unknown)(chosen, ...rest);
  }) as typeof translate;
  return { locale, setLocaleSignal, adminTexts, setAdminTexts, t };
});

export const locale = state.locale;
export const t = state.t;

const adminTextLoads = new Map<Locale, Promise<void>>();
let signedInAreaOpened = false;

/**
 * Fetches the admin and superadmin texts of a language (the current one by default); `t()` re-renders with them.
 * Once called, a language switch fetches that language's admin texts before it switches.
 * A failed fetch rejects like a lost connection (and is tried afresh on the next call).
 */
export function loadAdminTexts(language: Locale = locale()): Promise<void> {
  signedInAreaOpened = true;
  let load = adminTextLoads.get(language);
  if (!load) {
    load = adminTextChunks[language]().then(
      (texts) => void state.setAdminTexts((loaded) => ({ ...loaded, [language]: texts })),
      () => {
        adminTextLoads.delete(language);
        throw new ApiError(0, 'network', 'network');
      },
    );
    adminTextLoads.set(language, load);
  }
  return load;
}

let latestChoice: Locale | undefined;

export function setLocale(next: Locale, remember = true): void {
  latestChoice = next;
  const apply = () => {
    if (latestChoice !== next) return; // a later choice won while this one's texts were on their way
    state.setLocaleSignal(next);
    if (remember && typeof localStorage !== 'undefined') localStorage.setItem(storageKey, next);
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  };
  // In the signed-in area, switch once that language's admin texts are in, so no screen shows empty texts;
  // if they cannot be fetched, the page stays in its language and the switch can be pressed again.
  if (!signedInAreaOpened || state.adminTexts()[next]) return apply();
  loadAdminTexts(next).then(apply, () => undefined);
}
