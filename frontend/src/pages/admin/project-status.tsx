import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { api } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { usePolling } from '../../components/use-polling';
import { t } from '../../i18n/i18n';
import { formatDateTime } from './musician-format';
import { NeedQuantityControl } from './need-quantity';
import type { ProjectStatus, StatusNeed, StatusRequest } from './project-engine-types';

const pollMs = 3000;

/** Merges a poll's changed requests into what the page holds, by id (the status endpoint sends only changes). */
export function mergeRequests(held: StatusRequest[], changed: StatusRequest[]): StatusRequest[] {
  const byId = new Map(held.map((r) => [r.id, r]));
  for (const r of changed) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.code.localeCompare(b.code));
}

/**
 * Live request status (SPEC §3.5): polls the status endpoint while the page is open and merges the changed
 * requests; each need with Q/A/P, status and its requests, and the admin's controls (withdraw, pause/resume).
 * `onControlled` lets the page refresh its figures after an admin's control; answers arriving by polling do not
 * reload the page, which would throw away a half-edited need or project form.
 */
export function ProjectStatusPanel(props: {
  projectId: string;
  archived: boolean;
  /** Bumped by the page after a send, so the new requests show at once. */
  refreshKey: number;
  onPreviewNeed: (needId: string) => void;
  onControlled: () => void;
  onFailedEmails: (count: number) => void;
}) {
  const [status, setStatus] = createSignal<ProjectStatus>();
  const [requests, setRequests] = createSignal<StatusRequest[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [actionError, setActionError] = createSignal<unknown>();
  let inFlight = false;
  // A poll asked for while one runs (after a send or a control) runs right after it, so nothing waits a tick.
  let again = false;

  const poll = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    try {
      const previous = status();
      const next = await api.get<ProjectStatus>(`/api/projects/${props.projectId}/status`, { since: previous?.cursor });
      const merged = mergeRequests(requests(), next.requests ?? []);
      setRequests(merged);
      setStatus(next);
      setError(undefined);
      props.onFailedEmails(merged.filter((r) => r.emailStatus === 'failed').length);
    } catch (err) {
      setError(err);
    } finally {
      inFlight = false;
    }
    if (again) return poll();
  };
  void poll();
  usePolling(() => !inFlight, poll, pollMs);
  createEffect(on(() => props.refreshKey, () => void poll(), { defer: true }));

  /** Runs an admin control, then polls so its effect shows without waiting for the next tick. */
  const act = async (call: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await call();
      await poll();
      props.onControlled();
    } catch (err) {
      setActionError(err);
    }
  };
  /** After a control that shows its own errors (the quantity): poll, then let the page refresh its figures. */
  const refresh = async () => {
    await poll();
    props.onControlled();
  };
  // Needs by id, so a poll's fresh objects update each need's view in place rather than rebuilding it (which
  // would throw away an open quantity form every few seconds).
  const needIds = createMemo(() => (status()?.needs ?? []).map((n) => n.needId));
  const needById = (needId: string) => status()?.needs.find((n) => n.needId === needId);

  return (
    <section class="panel engine-status" aria-labelledby="status-title">
      <h2 id="status-title">{t('engine.statusTitle')}</h2>
      <Show when={error()}>
        <ErrorMessage error={error()} onRetry={() => void poll()} />
      </Show>
      <Show
        when={status()}
        fallback={
          <Show when={!error()}>
            <p class="loading" role="status">
              {t('common.loading')}
            </p>
          </Show>
        }
      >
        {(s) => (
          <>
            <p>
              <strong>{t('engine.liveStaffing', { accepted: s().staffing?.accepted ?? 0, needed: s().staffing?.needed ?? 0, count: s().staffing?.needed ?? 0 })}</strong>
            </p>
            <p class="help">{t('engine.liveHelp')}</p>
            <Show when={!props.archived}>
              <div class="row-actions">
                <Show
                  when={s().paused}
                  fallback={
                    <button type="button" onClick={() => act(() => api.post(`/api/projects/${props.projectId}/pause`))}>
                      {t('engine.pauseProject')}
                    </button>
                  }
                >
                  <span class="badge">{t('engine.projectPaused')}</span>
                  <button type="button" onClick={() => act(() => api.post(`/api/projects/${props.projectId}/resume`))}>
                    {t('engine.resumeProject')}
                  </button>
                </Show>
              </div>
            </Show>
            <Show when={actionError()}>
              <ErrorMessage error={actionError()} />
            </Show>
            <Show when={(s().needs ?? []).length > 0} fallback={<p class="empty">{t('engine.noNeeds')}</p>}>
              <For each={needIds()}>
                {(needId) => (
                  <Show when={needById(needId)}>
                    {(need) => (
                      <NeedStatusView
                        need={need()}
                        projectId={props.projectId}
                        archived={props.archived}
                        requests={requests().filter((r) => r.needId === needId)}
                        onPreview={() => props.onPreviewNeed(needId)}
                        act={act}
                        refresh={refresh}
                      />
                    )}
                  </Show>
                )}
              </For>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function NeedStatusView(props: {
  need: StatusNeed;
  projectId: string;
  archived: boolean;
  requests: StatusRequest[];
  onPreview: () => void;
  act: (call: () => Promise<unknown>) => Promise<void>;
  refresh: () => Promise<void>;
}) {
  const n = () => props.need;
  const label = () => `${n().positionName} ${n().code}`;
  const needUrl = () => `/api/projects/${props.projectId}/needs/${n().needId}`;
  const open = () => !props.archived && n().status !== 'archived';
  return (
    <article class="status-need" aria-labelledby={`status-need-${n().needId}`}>
      <h3 id={`status-need-${n().needId}`}>
        {n().instrumentName}: {n().positionName} <span class="help">{n().code}</span>
      </h3>
      <p>
        {t('engine.qap', { quantity: n().quantity, accepted: n().accepted, pending: n().pending })} · {t(`needs.statuses.${n().status}`)}
      </p>
      <Show when={open()}>
        <div class="row-actions">
          <button type="button" aria-label={t('engine.previewNeedLabel', { need: label() })} onClick={() => props.onPreview()}>
            {t('engine.previewNeed')}
          </button>
          <Show when={n().status === 'active'}>
            <button type="button" aria-label={t('engine.pauseNeedLabel', { need: label() })} onClick={() => props.act(() => api.post(`${needUrl()}/pause`))}>
              {t('engine.pauseNeed')}
            </button>
          </Show>
          <Show when={n().status === 'paused'}>
            <button type="button" aria-label={t('engine.resumeNeedLabel', { need: label() })} onClick={() => props.act(() => api.post(`${needUrl()}/resume`))}>
              {t('engine.resumeNeed')}
            </button>
          </Show>
        </div>
        <NeedQuantityControl projectId={props.projectId} need={n()} onChanged={props.refresh} />
      </Show>
      <Show when={props.requests.length > 0} fallback={<p class="empty">{t('engine.noRequests')}</p>}>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('engine.musician')}</th>
                <th scope="col">{t('engine.requestStatus')}</th>
                <th scope="col">{t('engine.sentAt')}</th>
                <th scope="col">{t('engine.deadlineAt')}</th>
                <th scope="col">{t('engine.answeredAt')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('engine.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.requests}>
                {(r) => (
                  <tr>
                    <td>
                      {r.musicianName} <span class="help">({r.musicianCode})</span>
                    </td>
                    <td>
                      {t(`engine.requestStatuses.${r.status}`)}
                      <Show when={r.emailStatus === 'failed'}>
                        <div class="field-error">{t('engine.emailFailed')}</div>
                      </Show>
                    </td>
                    <td>{formatDateTime(r.sentAt)}</td>
                    <td>{formatDateTime(r.deadlineAt)}</td>
                    <td>{r.answeredAt ? formatDateTime(r.answeredAt) : '–'}</td>
                    <td>
                      <Show when={!props.archived && (r.status === 'pending' || r.status === 'accepted')}>
                        <ConfirmButton
                          label={t('engine.withdraw')}
                          ariaLabel={t('engine.withdrawNamed', { name: r.musicianName })}
                          question={t('engine.confirmWithdraw', { name: r.musicianName })}
                          onConfirm={() => props.act(() => api.post(`/api/requests/${r.id}/withdraw`))}
                        />
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </article>
  );
}
