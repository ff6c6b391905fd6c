import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { t } from '../../i18n/i18n';
import type { NobodyAsked, SendOutcome } from './project-engine-types';
import { ProjectFailedMessages } from './project-messages';
import { ProjectPreviewPanel } from './project-preview';
import { ProjectStatusPanel } from './project-status';

/**
 * The request engine on the project page: preview and send (whole project or one need), the live status
 * and failed emails. Kept outside the page's reloading content so polling and an open preview survive a refresh.
 */
export function ProjectEngine(props: { projectId: string; archived: boolean; version: unknown; onChanged: () => void }) {
  // undefined: closed; '': the whole project; an id: that need only.
  const [previewing, setPreviewing] = createSignal<string | undefined>(undefined);
  const [sent, setSent] = createSignal<SendOutcome>();
  const [refreshKey, setRefreshKey] = createSignal(0);
  const [failed, setFailed] = createSignal(0);
  // A new version of the project (a need added or edited): poll at once rather than at the next tick.
  createEffect(on(() => props.version, () => setRefreshKey((k) => k + 1), { defer: true }));

  let previewButton: HTMLButtonElement | undefined;
  // The preview goes away on close and on send: give the focus back to the button that opens it.
  const close = () => {
    setPreviewing(undefined);
    queueMicrotask(() => previewButton?.focus());
  };
  const open = (needId: string) => {
    setSent(undefined);
    setPreviewing(needId);
  };
  const onSent = (outcome: SendOutcome) => {
    close();
    setSent(outcome);
    setRefreshKey(refreshKey() + 1);
    props.onChanged();
  };

  return (
    <>
      <Show when={!props.archived}>
        <section class="engine-actions" aria-label={t('engine.sendTitle')}>
          <Show when={previewing() === undefined}>
            <button type="button" class="primary" ref={previewButton} onClick={() => open('')}>
              {t('engine.preview')}
            </button>
          </Show>
          <Show when={sent()}>
            {(outcome) => (
              <Show
                when={outcome().nobodyAsked}
                fallback={
                  <p class="message ok" role="status">
                    {t('engine.sent', { count: outcome().requests.length })}
                    <Show when={outcome().exhausted.length > 0}> {t('engine.sentExhausted', { count: outcome().exhausted.length })}</Show>
                  </p>
                }
              >
                {(why) => <NobodyAskedMessage why={why()} exhausted={outcome().exhausted.length} />}
              </Show>
            )}
          </Show>
        </section>
      </Show>
      {/* Keyed on the need, so switching between needs starts a fresh preview. */}
      <For each={previewing() === undefined ? [] : [previewing()!]}>
        {(needId) => (
          <ProjectPreviewPanel projectId={props.projectId} needId={needId || undefined} onClose={close} onSent={onSent} />
        )}
      </For>
      <ProjectStatusPanel
        projectId={props.projectId}
        archived={props.archived}
        refreshKey={refreshKey()}
        onPreviewNeed={open}
        onControlled={props.onChanged}
        onFailedEmails={setFailed}
      />
      <Show when={failed() > 0}>
        <ProjectFailedMessages projectId={props.projectId} failedCount={failed()} />
      </Show>
    </>
  );
}

/** A send that asked nobody says why, with the needs and the skipped musicians counted by reason. */
function NobodyAskedMessage(props: { why: NobodyAsked; exhausted: number }) {
  const counted = <K extends string>(counts: Partial<Record<K, number>>, label: (key: K) => string) =>
    (Object.entries(counts) as [K, number][]).map(([key, count]) => `${label(key)} ${count}`).join(', ');
  const needs = () => counted(props.why.needsByReason, (idle) => t(`engine.idleShort.${idle}`));
  const skipped = () => counted(props.why.skippedByReason, (reason) => t(`engine.skipShort.${reason}`));
  return (
    <p class="message warning" role="status">
      {t(`engine.nobodyAsked.${props.why.reason}`)} {t('engine.nobodyAskedNeeds', { list: needs() })}
      <Show when={skipped()}> {t('engine.nobodyAskedSkipped', { list: skipped() })}</Show>
      <Show when={props.exhausted > 0}> {t('engine.sentExhausted', { count: props.exhausted })}</Show>
    </p>
  );
}
