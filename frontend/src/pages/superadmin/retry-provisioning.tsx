import { createSignal, Show } from 'solid-js';
import { retryProvisioningBody } from '../../../../shared/schemas/superadmin';
import { api, ApiError, type FieldError } from '../../api/client';
import type { OrchestraDetail, ProvisioningStarted } from '../../api/superadmin-types';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { focusFirstInvalid } from '../../forms/focus-invalid';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';

/**
 * Another provisioning attempt for a failed orchestra (SPEC §4). It says what the run will use — the
 * failed attempt's first admin and backup — and lets the superadmin name another admin or drop the
 * restore; the page then follows the new run step by step.
 */
export function RetryProvisioning(props: { orchestra: OrchestraDetail; onStarted: (started: ProvisioningStarted) => unknown }) {
  const previous = () => props.orchestra.provisionedWith;
  const [adminEmail, setAdminEmail] = createSignal(previous().adminEmail);
  const [restore, setRestore] = createSignal(true);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    // Left out, the restore is the failed attempt's; null asks for the standard seed instead.
    const checked = validate(retryProvisioningBody, { adminEmail: adminEmail(), ...(previous().restoreFrom && !restore() ? { restoreFrom: null } : {}) });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstInvalid(form);
    }
    setFields([]);
    setBusy(true);
    try {
      props.onStarted(await api.post<ProvisioningStarted>(`/api/superadmin/orchestras/${props.orchestra.id}/retry-provisioning`, checked.data));
    } catch (failure) {
      if (failure instanceof ApiError) setFields(failure.fields);
      setError(failure);
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} novalidate class="panel retry-provisioning" aria-labelledby="retry-provisioning-heading">
      <h2 id="retry-provisioning-heading">{t('retryProvisioning.title')}</h2>
      <p>{t('retryProvisioning.intro')}</p>
      <FormField id="retry-admin-email" label={t('retryProvisioning.adminEmail')} help={t('retryProvisioning.adminEmailHelp')} error={fieldMessage(fields(), 'adminEmail')}>
        {(attrs) => <input {...attrs} type="email" value={adminEmail()} onInput={(e) => setAdminEmail(e.currentTarget.value)} />}
      </FormField>
      <Show when={previous().restoreFrom} fallback={<p>{t('retryProvisioning.noRestore')}</p>}>
        {(key) => (
          <div class="field">
            <label class="checkbox">
              <input
                type="checkbox"
                aria-describedby={`retry-restore-help${fieldMessage(fields(), 'restoreFrom') ? ' retry-restore-error' : ''}`}
                aria-invalid={Boolean(fieldMessage(fields(), 'restoreFrom'))}
                checked={restore()}
                onChange={(e) => setRestore(e.currentTarget.checked)}
              />
              {t('retryProvisioning.restore', { key: key() })}
            </label>
            <p class="help" id="retry-restore-help">
              {t('retryProvisioning.restoreHelp')}
            </p>
            <Show when={fieldMessage(fields(), 'restoreFrom')}>
              <p class="field-error" id="retry-restore-error">
                {fieldMessage(fields(), 'restoreFrom')}
              </p>
            </Show>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('retryProvisioning.starting') : t('retryProvisioning.start')}
      </button>
    </form>
  );
}
