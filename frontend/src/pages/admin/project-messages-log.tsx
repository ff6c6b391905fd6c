import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { formatDateTime } from './musician-format';
import { messageStatuses, type MessageStatus, type MessageView } from './project-engine-types';
import type { Project } from './projects-types';

const pageSize = 50;

/** Who an email went to, as the admin knows them: the musician with code, else the address (admins, erased musicians). */
export function messageRecipient(m: Pick<MessageView, 'musician' | 'to'>): string {
  return m.musician && m.musician.name ? `${m.musician.name} (${m.musician.code})` : m.to;
}

/** The email's kind in words; a kind the app does not know yet shows as the server names it. */
function kindText(kind: string): string {
  return t(`messagesLog.kinds.${kind}` as 'messagesLog.kinds.request') ?? kind;
}

/**
 * The project's communication log (SPEC §2, §3.6): every email of its requests and group emails, newest
 * first, with delivery status, attempts and the last error; failed ones can be sent again.
 */
export default function ProjectMessagesLogPage() {
  const params = useParams<{ id: string }>();
  const [project] = createResource(
    () => params.id,
    (id) => api.get<Project>(`/api/projects/${id}`),
  );
  const [query, setQuery] = createSignal<{ status: MessageStatus | ''; offset: number }>({ status: '', offset: 0 });
  const [log, { refetch }] = createResource(
    () => ({ id: params.id, ...query() }),
    (q) => api.get<Page<MessageView>>(`/api/projects/${q.id}/messages`, { status: q.status || undefined, limit: pageSize, offset: q.offset }),
  );
  const [error, setError] = createSignal<unknown>();
  const [resent, setResent] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();

  const resend = async (message: MessageView) => {
    setError(undefined);
    setResent(undefined);
    setBusy(message.id);
    try {
      await api.post(`/api/outbox/${message.id}/resend`);
      setResent(messageRecipient(message));
      refetch();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };
  const go = (offset: number) => setQuery({ ...query(), offset });

  return (
    <>
      <p>
        <A href={`/projects/${params.id}`}>{t('messagesLog.toProject')}</A>
      </p>
      <h1>{t('messagesLog.title')}</h1>
      <Show when={project()}>{(p) => <p class="help">{`${p().code} · ${p().name}`}</p>}</Show>
      <p class="help">{t('messagesLog.help')}</p>
      <div class="toolbar">
        <FormField id="messages-status" label={t('messagesLog.statusFilter')}>
          {(a) => (
            <select
              {...a}
              value={query().status}
              onChange={(e) => {
                setResent(undefined);
                setQuery({ status: e.currentTarget.value as MessageStatus | '', offset: 0 });
              }}
            >
              <option value="">{t('messagesLog.allStatuses')}</option>
              <For each={messageStatuses}>{(s) => <option value={s}>{t(`messagesLog.statuses.${s}`)}</option>}</For>
            </select>
          )}
        </FormField>
      </div>
      <Show when={resent()}>
        <p class="message ok" role="status">
          {t('messagesLog.resent', { to: resent()! })}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Loadable
        resource={log}
        onRetry={refetch}
        isEmpty={(page) => page.items.length === 0}
        empty={query().status ? t('messagesLog.noneWithStatus') : t('messagesLog.none')}
      >
        {(page) => (
          <>
            <p role="status">{t('messagesLog.showing', { from: query().offset + 1, to: query().offset + page.items.length, total: page.total })}</p>
            <div class="table-scroll" aria-busy={log.loading}>
              <table class="messages-log">
                <thead>
                  <tr>
                    <th scope="col">{t('messagesLog.time')}</th>
                    <th scope="col">{t('messagesLog.recipient')}</th>
                    <th scope="col">{t('messagesLog.subject')}</th>
                    <th scope="col">{t('messagesLog.status')}</th>
                    <th scope="col">{t('messagesLog.attempts')}</th>
                    <th scope="col">{t('messagesLog.lastError')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('messagesLog.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page.items}>
                    {(m) => (
                      <tr>
                        <td>
                          {formatDateTime(m.createdAt)}
                          <Show when={m.sentAt}>
                            <div class="help">{t('messagesLog.sentAt', { at: formatDateTime(m.sentAt!) })}</div>
                          </Show>
                        </td>
                        <td>
                          {messageRecipient(m)}
                          <Show when={m.musician}>
                            <div class="help">{m.to}</div>
                          </Show>
                        </td>
                        <td>
                          <span class="help">{kindText(m.kind)}</span>
                          <Show when={m.request}>{(r) => <span class="help"> · {r().code}</span>}</Show>
                          <Show when={m.groupEmail}>{(g) => <span class="help"> · {g().code}</span>}</Show>
                          <div>{m.subject}</div>
                          <Show when={m.attachments.length > 0}>
                            <div class="help">{t('messagesLog.attachments', { files: m.attachments.join(', ') })}</div>
                          </Show>
                        </td>
                        <td>
                          <span class={`badge message-status-${m.status}`}>{t(`messagesLog.statuses.${m.status}`)}</span>
                        </td>
                        <td>{m.attempts}</td>
                        <td>{m.lastError ?? '–'}</td>
                        <td>
                          <Show when={m.status === 'failed'}>
                            <button
                              type="button"
                              aria-label={t('messagesLog.resendLabel', { to: messageRecipient(m) })}
                              disabled={busy() === m.id}
                              onClick={() => resend(m)}
                            >
                              {t('messagesLog.resend')}
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={page.total > pageSize}>
              <nav class="pager row-actions" aria-label={t('messagesLog.paging')}>
                <button type="button" disabled={query().offset === 0} onClick={() => go(Math.max(0, query().offset - pageSize))}>
                  {t('messagesLog.previous')}
                </button>
                <button type="button" disabled={query().offset + pageSize >= page.total} onClick={() => go(query().offset + pageSize)}>
                  {t('messagesLog.next')}
                </button>
              </nav>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}
