import { createSignal, For, Show } from 'solid-js';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { t } from '../../i18n/i18n';
import type { PreviewConflict, PreviewNeed, ProjectPreview, SendOutcome, SkippedInPreview } from './project-engine-types';

/** A skipped musician's reason in words, naming the other need where the engine gave one. */
export function skipReasonText(s: SkippedInPreview): string {
  const other = s.otherNeedCode ? `${s.otherPositionName ?? ''} (${s.otherNeedCode})`.trim() : t('engine.otherNeedUnknown');
  switch (s.reason) {
    case 'already_asked_in_project':
      return t('engine.skip.already_asked_in_project', {
        need: other,
        status: s.requestStatus ? t(`engine.requestStatuses.${s.requestStatus}`) : '–',
      });
    case 'reserved_for_other_need':
    case 'asked_for_other_need_in_batch':
      return t(`engine.skip.${s.reason}`, { need: other });
    default:
      return t(`engine.skip.${s.reason}`);
  }
}

/**
 * Preview and send (SPEC §3.3): whom a send asks now per need in send order, everyone skipped with the reason,
 * conflicts (with a pick per musician in admin_choice mode), then a send carrying the preview's fingerprint.
 * A 409 plan_changed shows the fresh preview that came with it.
 */
export function ProjectPreviewPanel(props: { projectId: string; needId?: string; onClose: () => void; onSent: (outcome: SendOutcome) => void }) {
  const [preview, setPreview] = createSignal<ProjectPreview>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const [changed, setChanged] = createSignal(false);
  let heading: HTMLHeadingElement | undefined;

  const load = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setPreview(await api.get<ProjectPreview>(`/api/projects/${props.projectId}/preview`, { needId: props.needId }));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  void load();

  const askCount = () => (preview()?.needs ?? []).reduce((sum, n) => sum + n.asks.length, 0);

  const send = async () => {
    const current = preview();
    if (!current) return;
    setBusy(true);
    setError(undefined);
    setChanged(false);
    try {
      const outcome = await api.post<SendOutcome>(`/api/projects/${props.projectId}/send`, { needId: props.needId, fingerprint: current.fingerprint });
      props.onSent(outcome);
    } catch (err) {
      const fresh = err instanceof ApiError && err.code === 'plan_changed' ? (err.details as { preview?: ProjectPreview } | undefined)?.preview : undefined;
      if (fresh) {
        setPreview(fresh);
        setChanged(true);
        heading?.focus();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (musicianId: string, needId: string) => {
    setError(undefined);
    try {
      // The answer is the fresh preview with the pick applied.
      const fresh = await api.put<ProjectPreview>(`/api/projects/${props.projectId}/conflict-choices`, {
        choices: [{ musicianId, needId: needId || null }],
      });
      setPreview(props.needId ? await api.get<ProjectPreview>(`/api/projects/${props.projectId}/preview`, { needId: props.needId }) : fresh);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="panel engine-preview" aria-labelledby="preview-title">
      <h2
        id="preview-title"
        tabindex="-1"
        ref={(el) => {
          heading = el;
          // Opened by a button: take the focus there, so keyboard and screen reader users land on it.
          queueMicrotask(() => el.focus());
        }}
      >
        {props.needId ? t('engine.previewNeedTitle') : t('engine.previewTitle')}
      </h2>
      <Show when={loading() && !preview()}>
        <p class="loading" role="status">
          {t('common.loading')}
        </p>
      </Show>
      <Show when={changed()}>
        <p class="message warning" role="alert">
          {t('engine.planChanged')}
        </p>
      </Show>
      <Show when={preview()}>
        {(p) => (
          <>
            <Show when={p().projectPaused}>
              <p class="message warning">{t('engine.projectPausedNotice')}</p>
            </Show>
            <p class="help">{t('engine.previewHelp')}</p>
            <Show when={p().needs.length > 0} fallback={<p class="empty">{t('engine.noNeeds')}</p>}>
              <For each={p().needs}>{(need) => <PreviewNeedView need={need} />}</For>
            </Show>
            <Show when={p().conflicts.length > 0}>
              <Conflicts preview={p()} onChoose={choose} />
            </Show>
          </>
        )}
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} onRetry={preview() ? undefined : load} />
      </Show>
      <div class="row-actions">
        <button type="button" class="primary" disabled={busy() || !preview() || askCount() === 0} onClick={send}>
          {busy() ? t('engine.sending') : t('engine.send', { count: askCount() })}
        </button>
        <button type="button" disabled={loading()} onClick={load}>
          {t('engine.refreshPreview')}
        </button>
        <button type="button" onClick={() => props.onClose()}>
          {t('engine.closePreview')}
        </button>
      </div>
    </section>
  );
}

function PreviewNeedView(props: { need: PreviewNeed }) {
  const n = () => props.need;
  return (
    <article class="preview-need" aria-labelledby={`preview-need-${n().needId}`}>
      <h3 id={`preview-need-${n().needId}`}>
        {n().instrumentName}: {n().positionName} <span class="help">{n().code}</span>
      </h3>
      <p class="help">
        {t(`needs.strategies.${n().strategy}`)} · {t('engine.qap', { quantity: n().quantity, accepted: n().accepted, pending: n().pending })}
      </p>
      <Show
        when={n().asks.length > 0}
        fallback={<p class="message">{n().idle ? t(`engine.idle.${n().idle!}`) : t('engine.idle.none')}</p>}
      >
        <h4>{t('engine.willAsk', { count: n().asks.length })}</h4>
        <ol class="ask-list">
          <For each={n().asks}>
            {(a) => (
              <li>
                {a.name} <span class="help">({a.code})</span> · {t('engine.rank', { rank: a.rank })}
                <Show when={n().strategy === 'first_come'}> · {t('engine.wave', { wave: a.wave })}</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={n().becomesExhausted}>
        <p class="message warning">{t('engine.becomesExhausted')}</p>
      </Show>
      <Show when={n().skipped.length > 0}>
        <details>
          <summary>{t('engine.skippedCount', { count: n().skipped.length })}</summary>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('engine.rankColumn')}</th>
                  <th scope="col">{t('engine.musician')}</th>
                  <th scope="col">{t('engine.reason')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={n().skipped}>
                  {(s) => (
                    <tr>
                      <td>{s.rank}</td>
                      <td>
                        {s.name} <span class="help">({s.code})</span>
                      </td>
                      <td>{skipReasonText(s)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </details>
      </Show>
    </article>
  );
}

/** Musicians on several needs' lists; in admin_choice mode a pick per musician, stored at once. */
function Conflicts(props: { preview: ProjectPreview; onChoose: (musicianId: string, needId: string) => Promise<void> }) {
  const choosing = () => props.preview.conflictMode === 'admin_choice';
  return (
    <section aria-labelledby="conflicts-title">
      <h3 id="conflicts-title">{t('engine.conflictsTitle')}</h3>
      <p class="help">{t(`engine.conflictModes.${props.preview.conflictMode}`)}</p>
      <ul class="conflicts">
        <For each={props.preview.conflicts}>
          {(c: PreviewConflict) => (
            <li>
              <span>
                {c.name} <span class="help">({c.code})</span>:{' '}
                {c.needs.map((n) => `${n.positionName} ${n.code} (${t('engine.rank', { rank: n.rank })})`).join(', ')}
              </span>
              <Show when={choosing()}>
                <label class="inline-label">
                  <span>{t('engine.chooseNeedFor', { name: c.name })}</span>
                  <select value={c.chosenNeedId ?? ''} onChange={(e) => void props.onChoose(c.musicianId, e.currentTarget.value)}>
                    <option value="">{t('engine.noChoice')}</option>
                    <For each={c.needs}>{(n) => <option value={n.needId}>{`${n.positionName} ${n.code}`}</option>}</For>
                  </select>
                </label>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
