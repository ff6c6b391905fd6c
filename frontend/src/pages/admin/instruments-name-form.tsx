import { createSignal, Show } from 'solid-js';
import { instrumentBody } from '../../../../shared/schemas/instruments';
import { ApiError, type FieldError } from '../../api/client';
import { errorText } from '../../components/error-message';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';

/**
 * One name field with its button, for creating or renaming an instrument or a position. Checked with the
 * API's schema first; the server's refusal (a taken name is a 409) is shown on the field.
 */
export function NameForm(props: {
  id: string;
  label: string;
  submitLabel: string;
  initial?: string;
  onSave: (name: string) => Promise<unknown>;
  onCancel?: () => void;
  /** Focus the field when it appears (rename opens in place of the name). */
  autofocus?: boolean;
}) {
  const [name, setName] = createSignal(props.initial ?? '');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const checked = validate(instrumentBody, { name: name() });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      await props.onSave(checked.data.name);
      if (props.initial === undefined) setName('');
    } catch (failure) {
      const message = failure instanceof ApiError && failure.fields.length ? fieldMessage(failure.fields, 'name') ?? failure.fields[0].message : errorText(failure);
      setFields([{ field: 'name', message }]);
    } finally {
      setBusy(false);
    }
  }

  const error = () => fieldMessage(fields(), 'name');
  return (
    <form class="inline-form" onSubmit={submit} novalidate>
      <div class="field">
        <label for={props.id}>{props.label}</label>
        <input
          id={props.id}
          ref={(el) => props.autofocus && queueMicrotask(() => el.focus())}
          value={name()}
          aria-invalid={Boolean(error())}
          aria-describedby={error() ? `${props.id}-error` : undefined}
          onInput={(e) => setName(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Escape' && props.onCancel?.()}
        />
        <Show when={error()}>
          <p class="field-error" id={`${props.id}-error`} role="alert">
            {error()}
          </p>
        </Show>
      </div>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('common.saving') : props.submitLabel}
      </button>
      <Show when={props.onCancel}>
        <button type="button" onClick={() => props.onCancel?.()}>
          {t('common.cancel')}
        </button>
      </Show>
    </form>
  );
}
