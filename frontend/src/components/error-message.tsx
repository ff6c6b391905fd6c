import { Show } from 'solid-js';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';

/**
 * Errors whose server message is always the same English sentence (no names or numbers a user needs) are
 * said in the page's language; every other failure shows the server's own message, which names the problem.
 */
// Not 'internal': its message carries the request's reference, which support needs.
const translatedCodes = ['invalid_credentials', 'too_many_requests', 'suspended', 'orchestra_not_found', 'unauthorized'] as const;
type TranslatedCode = (typeof translatedCodes)[number];
const isTranslated = (code: string): code is TranslatedCode => (translatedCodes as readonly string[]).includes(code);

/** The message for a failed call (ours for a network failure), announced to screen readers. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('common.networkError');
    const minutes = error.code === 'too_many_requests' ? /(\d+) minutes?/.exec(error.message)?.[1] : undefined;
    if (minutes) return t('serverErrors.tooManyMinutes', { minutes });
    // "unauthorized" also carries specific messages ("Your session has ended…"); only the default one is generic.
    if (isTranslated(error.code) && (error.code !== 'unauthorized' || error.message === 'Log in to continue.')) return t(`serverErrors.${error.code}`);
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorMessage(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="message error" role="alert">
      <p>{errorText(props.error)}</p>
      <Show when={props.onRetry}>
        <button type="button" onClick={() => props.onRetry?.()}>
          {t('common.retry')}
        </button>
      </Show>
    </div>
  );
}
