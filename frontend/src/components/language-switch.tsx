import { For } from 'solid-js';
import { locale, locales, setLocale, t } from '../i18n/i18n';

/** Svenska / English, as buttons so it works by keyboard and reads well to a screen reader. */
export function LanguageSwitch() {
  const names = { sv: 'Svenska', en: 'English' } as const;
  return (
    <div class="language-switch" role="group" aria-label={t('app.language')}>
      <For each={locales}>
        {(code) => (
          <button type="button" class="link-button" aria-pressed={locale() === code} onClick={() => setLocale(code)} lang={code}>
            {names[code]}
          </button>
        )}
      </For>
    </div>
  );
}
