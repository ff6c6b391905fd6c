import { A } from '@solidjs/router';
import { createSignal, Match, onMount, Show, Switch } from 'solid-js';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { t } from '../../i18n/i18n';
import type { Musician } from './musician-types';

type Confirming = 'archive' | 'restore' | 'erase' | null;

/** Offers the JSON the API answered as a file download, built in the browser. */
function downloadJson(data: unknown, filename: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The profile's actions: edit, activate/deactivate, archive/restore (confirmed), GDPR export and erase
 * (confirmed by typing the musician's code, since it cannot be undone).
 */
export function MusicianProfileActions(props: { musician: Musician; onChanged: (musician: Musician, notice: string) => void }) {
  const [confirming, setConfirming] = createSignal<Confirming>(null);
  const [typedCode, setTypedCode] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const m = () => props.musician;

  // The confirmation (and the button that answered it) goes away: the focus goes to the action that now
  // stands in its place, not to the top of the page, so a keyboard user goes on from where they were.
  const focusAction = (id: string) => setTimeout(() => document.getElementById(id)?.focus());
  const cancel = () => {
    focusAction(confirming() === 'restore' ? 'musician-restore' : confirming() === 'erase' ? 'musician-erase' : 'musician-archive');
    setConfirming(null);
  };

  async function run(action: () => Promise<Musician | void>, notice: string, focusAfter?: string) {
    setError(undefined);
    setBusy(true);
    try {
      const result = await action();
      setConfirming(null);
      setTypedCode('');
      if (result) props.onChanged(result, notice);
      if (focusAfter) focusAction(focusAfter);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const setActive = (active: boolean) =>
    run(() => api.patch<Musician>(`/api/musicians/${m().id}`, { active }), active ? t('musicians.activated') : t('musicians.deactivated'));
  const archive = () => run(() => api.post<Musician>(`/api/musicians/${m().id}/archive`), t('musicians.archived'), 'musician-restore');
  const restore = () => run(() => api.post<Musician>(`/api/musicians/${m().id}/restore`), t('musicians.restored'), 'musician-archive');
  const erase = () => run(() => api.post<Musician>(`/api/musicians/${m().id}/erase`), t('musicians.erasedNotice'), 'musician-export');
  const exportData = () =>
    run(async () => {
      downloadJson(await api.get<unknown>(`/api/musicians/${m().id}/export`), `${m().code}.json`);
    }, '');
  const ask = (what: Confirming) => {
    setError(undefined);
    setTypedCode('');
    setConfirming(what);
  };

  return (
    <section class="profile-actions" aria-label={t('musicians.actions')}>
      <div class="row-actions">
        <Show when={!m().erased}>
          <A class="button" href={`/musicians/${m().id}/edit`}>
            {t('musicians.edit')}
          </A>
          <Show when={m().status !== 'archived'}>
            <button type="button" disabled={busy()} onClick={() => setActive(!m().active)}>
              {m().active ? t('musicians.deactivate') : t('musicians.activate')}
            </button>
          </Show>
          <Show when={m().status === 'archived'} fallback={<button type="button" id="musician-archive" disabled={busy()} onClick={() => ask('archive')}>{t('musicians.archive')}</button>}>
            <button type="button" id="musician-restore" disabled={busy()} onClick={() => ask('restore')}>
              {t('musicians.restore')}
            </button>
          </Show>
        </Show>
        <button type="button" id="musician-export" disabled={busy()} onClick={exportData}>
          {t('musicians.export')}
        </button>
        <Show when={!m().erased}>
          <button type="button" id="musician-erase" class="danger" disabled={busy()} onClick={() => ask('erase')}>
            {t('musicians.erase')}
          </button>
        </Show>
      </div>
      <Switch>
        <Match when={confirming() === 'archive'}>
          <ConfirmPanel text={t('musicians.confirmArchive', { name: m().name })} confirm={t('musicians.archive')} busy={busy()} onConfirm={archive} onCancel={cancel} />
        </Match>
        <Match when={confirming() === 'restore'}>
          <ConfirmPanel text={t('musicians.confirmRestore', { name: m().name })} confirm={t('musicians.restore')} busy={busy()} onConfirm={restore} onCancel={cancel} />
        </Match>
        <Match when={confirming() === 'erase'}>
          <div class="panel confirm-panel danger-zone" role="group" aria-labelledby="erase-title">
            <h2 id="erase-title">{t('musicians.eraseTitle', { name: m().name })}</h2>
            <p>{t('musicians.eraseWarning')}</p>
            <div class="field">
              <label for="erase-code">{t('musicians.eraseTypeCode', { code: m().code })}</label>
              <input id="erase-code" autocomplete="off" spellcheck={false} value={typedCode()} onInput={(e) => setTypedCode(e.currentTarget.value)} ref={(el) => queueMicrotask(() => el.focus())} />
            </div>
            <div class="row-actions">
              <button type="button" class="danger" disabled={busy() || typedCode().trim().toUpperCase() !== m().code.toUpperCase()} onClick={erase}>
                {t('musicians.eraseConfirm')}
              </button>
              <button type="button" onClick={cancel}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </Match>
      </Switch>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
    </section>
  );
}

/** A confirmation step in the page; its confirm button takes the focus so Enter confirms and Tab reaches cancel. */
function ConfirmPanel(props: { text: string; confirm: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  let button: HTMLButtonElement | undefined;
  onMount(() => button?.focus());
  return (
    <div class="panel confirm-panel" role="group" aria-label={props.confirm}>
      <p>{props.text}</p>
      <div class="row-actions">
        <button type="button" class="primary" ref={button} disabled={props.busy} onClick={() => props.onConfirm()}>
          {props.confirm}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
