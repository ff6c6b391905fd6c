import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/i18n';

/**
 * A button for an action that cannot be undone lightly (archive, clear): the first press asks, in the page
 * and with the focus on the answer, instead of a browser dialog that tests and phones handle badly.
 * `ariaLabel` names the row the button acts on ("Arkivera Fagott") when the same button repeats per row;
 * both the first and the confirming button carry it.
 */
export function ConfirmButton(props: {
  label: string;
  /** The confirming button's text when the first one is only a symbol (✕); defaults to `label`. */
  confirmLabel?: string;
  question: string;
  onConfirm: () => Promise<unknown> | void;
  ariaLabel?: string;
  disabled?: boolean;
  class?: string;
}) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let opener: HTMLButtonElement | undefined;
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
      // Back to the button that asked, if it still exists (an archived row may be gone), so focus is not lost.
      queueMicrotask(() => opener?.isConnected && opener.focus());
    }
  };
  const cancel = () => {
    setAsking(false);
    opener?.focus();
  };
  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" ref={opener} class={props.class} aria-label={props.ariaLabel} disabled={props.disabled} onClick={() => setAsking(true)}>
          {props.label}
        </button>
      }
    >
      <span class="confirm" role="group" aria-label={props.ariaLabel ?? props.label}>
        <span>{props.question}</span>
        <button type="button" class="danger" aria-label={props.ariaLabel} ref={(el) => queueMicrotask(() => el.focus())} disabled={busy()} onClick={confirm}>
          {props.confirmLabel ?? props.label}
        </button>
        <button type="button" disabled={busy()} onClick={cancel}>
          {t('common.cancel')}
        </button>
      </span>
    </Show>
  );
}
