import { createSignal, Show } from 'solid-js';
import { quantityBody } from '../../../../shared/schemas/engine-controls';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { validate, translateFieldMessage } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { StatusNeed } from './project-engine-types';

/**
 * "Change seats" on a running need (SPEC §3.5). Below the accepted count is refused here already, with what
 * to do instead; the server's own refusals (e.g. above the wave size, an archived need) show as it words them.
 * `onChanged` refreshes the live status, where the new quantity and any new requests then show.
 */
export function NeedQuantityControl(props: { projectId: string; need: StatusNeed; onChanged: () => Promise<void> | void }) {
  const [open, setOpen] = createSignal(false);
  const [value, setValue] = createSignal('');
  const [fieldError, setFieldError] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [saved, setSaved] = createSignal<number>();
  const id = () => `need-quantity-${props.need.needId}`;
  const label = () => `${props.need.positionName} ${props.need.code}`;
  let opener: HTMLButtonElement | undefined;

  const start = () => {
    setValue(String(props.need.quantity));
    setFieldError(undefined);
    setError(undefined);
    setSaved(undefined);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    queueMicrotask(() => opener?.focus());
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(undefined);
    const text = value().trim();
    const number = text === '' ? Number.NaN : Number(text);
    // Below the accepted count says what to do instead, before the schema's plainer "at least 1".
    if (Number.isInteger(number) && number < props.need.accepted) {
      return setFieldError(t('engine.quantityBelowAccepted', { accepted: props.need.accepted }));
    }
    const checked = validate(quantityBody, { quantity: number });
    if (!checked.ok) return setFieldError(checked.fields[0] && translateFieldMessage(checked.fields[0].message));
    const { quantity } = checked.data;
    setFieldError(undefined);
    setBusy(true);
    try {
      await api.put(`/api/projects/${props.projectId}/needs/${props.need.needId}/quantity`, { quantity });
      setSaved(quantity);
      close();
      await props.onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFieldError(translateFieldMessage(err.fields[0].message));
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="need-quantity">
      <Show
        when={open()}
        fallback={
          <button type="button" ref={opener} aria-label={t('engine.changeQuantityLabel', { need: label() })} onClick={start}>
            {t('engine.changeQuantity')}
          </button>
        }
      >
        <form class="inline-form" onSubmit={submit} novalidate>
          <FormField
            id={id()}
            label={t('engine.quantityFor', { need: label() })}
            help={props.need.accepted > 0 ? t('engine.quantityHelp', { accepted: props.need.accepted }) : t('engine.quantityHelpNone')}
            error={fieldError()}
          >
            {(a) => (
              <input
                {...a}
                type="number"
                inputMode="numeric"
                min={Math.max(1, props.need.accepted)}
                step={1}
                value={value()}
                ref={(el) => queueMicrotask(() => el.focus())}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
            )}
          </FormField>
          <div class="row-actions">
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('common.saving') : t('engine.saveQuantity')}
            </button>
            <button type="button" disabled={busy()} onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Show when={saved() !== undefined}>
        <p class="message ok" role="status">
          {t('engine.quantitySaved', { need: label(), quantity: saved()! })}
        </p>
      </Show>
    </div>
  );
}
