import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { formatDateTime } from './musician-format';
import type { MessageView } from './project-engine-types';

/**
 * Emails of the project that failed after their last try (SPEC §3.6), from the communication log, each with
 * a resend. `failedCount` comes from the live status, so the list reloads when a new failure shows up there.
 */
export function ProjectFailedMessages(props: { projectId: string; failedCount: number }) {
  const [messages, { refetch }] = createResource(
    () => ({ id: props.projectId, failed: props.failedCount }),
    (key) => api.get<Page<MessageView>>(`/api/projects/${key.id}/messages`, { status: 'failed', limit: 100 }),
  );
  const [error, setError] = createSignal<unknown>();
  const [resent, setResent] = createSignal<string>();
  const resend = async (message: MessageView) => {
    setError(undefined);
    setResent(undefined);
    try {
      await api.post(`/api/outbox/${message.id}/resend`);
      setResent(message.to);
      refetch();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="panel" aria-labelledby="failed-messages-title">
      <h2 id="failed-messages-title">{t('engine.failedTitle')}</h2>
      <Show when={resent()}>
        <p class="message ok" role="status">
          {t('engine.resent', { to: resent()! })}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Loadable resource={messages} onRetry={refetch} isEmpty={(page) => page.items.length === 0} empty={t('engine.noFailed')}>
        {(page) => (
          <ul class="failed-messages">
            <For each={page.items}>
              {(m) => (
                <li>
                  <div>
                    <strong>{m.musician ? `${m.musician.name} (${m.musician.code})` : m.to}</strong> · {m.subject}
                  </div>
                  <div class="help">
                    {formatDateTime(m.createdAt)} · {t('engine.attempts', { count: m.attempts })}
                    <Show when={m.lastError}> · {m.lastError}</Show>
                  </div>
                  <button type="button" aria-label={t('engine.resendLabel', { to: m.to })} onClick={() => resend(m)}>
                    {t('engine.resend')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loadable>
      <p>
        <A href={`/projects/${props.projectId}/messages`}>{t('messagesLog.openLog')}</A>
      </p>
    </section>
  );
}
