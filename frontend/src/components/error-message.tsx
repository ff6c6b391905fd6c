import { Show } from 'solid-js';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';

/** The server's own message for a failed call (or ours for a network failure), announced to screen readers. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.code === 'network' ? t('common.networkError') : error.message;
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
