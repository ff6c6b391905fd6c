import { useParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { api, ApiError } from '../api/client';
import { ErrorMessage } from '../components/error-message';
import { setLocale, t } from '../i18n/i18n';
import type { RespondView } from './respond-types';

type Answer = 'yes' | 'no';

async function load(token: string): Promise<RespondView | 'unknown' | 'suspended'> {
  try {
    const view = await api.get<RespondView>(`/api/respond/${encodeURIComponent(token)}`);
    setLocale(view.language, false); // the musician's language, unless they switch on this page
    return view;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'unknown';
    if (error instanceof ApiError && error.status === 423) return 'suspended';
    throw error;
  }
}

/** The musician's page, phone first: details, then yes or no, each confirmed before it is sent. */
export default function RespondPage() {
  const params = useParams<{ token: string }>();
  const [view, { refetch, mutate }] = createResource(() => params.token, load);
  const [confirming, setConfirming] = createSignal<Answer>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  // The yes/no buttons give way to the confirmation and the confirmation to the answer's page: the focus follows,
  // so a keyboard or screen-reader user is not dropped at the top of the page.
  let focusAfterRender: 'confirm' | 'outcome' | Answer | undefined;
  const focusNext = (target: typeof focusAfterRender) => (focusAfterRender = target);
  const takeFocus = (which: typeof focusAfterRender) => (el: HTMLElement) =>
    queueMicrotask(() => {
      if (focusAfterRender !== which) return;
      focusAfterRender = undefined;
      el.focus();
    });
  const ask = (answer: Answer) => {
    focusNext('confirm');
    setConfirming(answer);
  };
  const back = () => {
    focusNext(confirming());
    setConfirming(undefined);
  };

  // The tab's title names the orchestra, like the email it came from.
  const defaultTitle = document.title;
  createEffect(() => {
    const current = view();
    if (typeof current === 'object') document.title = t('respond.pageTitle', { orchestra: current.orchestra.name });
  });
  onCleanup(() => (document.title = defaultTitle));

  async function send(answer: Answer) {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<RespondView>(`/api/respond/${encodeURIComponent(params.token)}`, { answer });
      const current = view();
      // The answer's page keeps the file links the first load signed.
      if (typeof current === 'object') mutate({ ...result, files: current.files });
    } catch (failure) {
      // Refused as too late (410 expired/withdrawn) or suspended (423): show that page, not an error.
      const current = view();
      const state = failure instanceof ApiError ? ({ 410: failure.code, 423: 'suspended' } as Record<number, string>)[failure.status] : undefined;
      if (typeof current === 'object' && (state === 'expired' || state === 'withdrawn' || state === 'suspended')) mutate({ ...current, state });
      else setError(failure);
    } finally {
      setBusy(false);
      focusNext(view.latest && typeof view.latest === 'object' && view.latest.state !== 'open' ? 'outcome' : answer);
      setConfirming(undefined);
    }
  }

  return (
    <main id="main" class="respond">
      <Switch>
        <Match when={view.error}>
          <ErrorMessage error={view.error} onRetry={refetch} />
        </Match>
        <Match when={view.loading}>
          <p class="loading" role="status">
            {t('common.loading')}
          </p>
        </Match>
        <Match when={view() === 'unknown'}>
          <p class="message error" role="alert">
            {t('respond.unknown')}
          </p>
        </Match>
        <Match when={view() === 'suspended'}>
          <p class="message" role="status" tabindex="-1" ref={takeFocus('outcome')}>
            {t('respond.suspended')}
          </p>
        </Match>
        <Match when={typeof view() === 'object' && (view() as RespondView)}>
          {(current) => (
            <>
              <h1>{t('respond.hello', { name: current().musician.firstName })}</h1>
              <p>{t('respond.question', { position: `${current().position.name} (${current().instrument.name})`, project: current().project.name })}</p>
              <p class="help">{current().orchestra.name}</p>
              <dl>
                <dt>{t('respond.starts')}</dt>
                <dd>
                  {current().project.startDateText} ({t('respond.week')} {current().project.week})
                </dd>
                <Show when={current().project.rehearsalSchedule}>
                  <dt>{t('respond.rehearsals')}</dt>
                  <dd>{current().project.rehearsalSchedule}</dd>
                </Show>
                <Show when={current().project.concertInfo}>
                  <dt>{t('respond.concert')}</dt>
                  <dd>{current().project.concertInfo}</dd>
                </Show>
                {/* The deadline matters only while the question is open, not once answered, filled or expired. */}
                <Show when={current().state === 'open'}>
                  <dt>{t('respond.deadline')}</dt>
                  <dd>{current().deadlineText}</dd>
                </Show>
                <Show when={current().files.length > 0}>
                  <dt>{t('respond.files')}</dt>
                  <dd>
                    <ul>
                      <For each={current().files}>{(file) => <li>{file.url ? <a href={file.url}>{file.filename}</a> : file.filename}</li>}</For>
                    </ul>
                  </dd>
                </Show>
              </dl>
              <Show when={error()}>
                <ErrorMessage error={error()} />
              </Show>
              <Switch>
                <Match when={current().state === 'open' && !confirming()}>
                  <div class="answers">
                    <button type="button" class="primary" ref={takeFocus('yes')} onClick={() => ask('yes')}>
                      {t('respond.yes')}
                    </button>
                    <button type="button" ref={takeFocus('no')} onClick={() => ask('no')}>
                      {t('respond.no')}
                    </button>
                  </div>
                </Match>
                <Match when={current().state === 'open' && confirming()}>
                  {(answer) => (
                    <div class="answers" role="group" aria-labelledby="confirm-text">
                      <p id="confirm-text">
                        {answer() === 'yes'
                          ? t('respond.confirmYes', { position: current().position.name, project: current().project.name })
                          : t('respond.confirmNo')}
                      </p>
                      <button
                        type="button"
                        class={answer() === 'yes' ? 'primary' : 'danger'}
                        ref={takeFocus('confirm')}
                        disabled={busy()}
                        onClick={() => send(answer())}
                      >
                        {busy() ? t('respond.sending') : t('respond.confirm')}
                      </button>
                      <button type="button" disabled={busy()} onClick={back}>
                        {t('common.back')}
                      </button>
                    </div>
                  )}
                </Match>
                <Match when={current().state !== 'open'}>
                  <p class={current().state === 'accepted' ? 'message ok' : 'message'} role="status" tabindex="-1" ref={takeFocus('outcome')}>
                    {t(`respond.${current().state as Exclude<RespondView['state'], 'open'>}`)}
                  </p>
                </Match>
              </Switch>
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
