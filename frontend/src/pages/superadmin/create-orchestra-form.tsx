import { useNavigate } from '@solidjs/router';
import { createEffect, createSignal, For, on, onMount, Show } from 'solid-js';
import { createOrchestraBody } from '../../../../shared/schemas/superadmin';
import { api, ApiError, type FieldError } from '../../api/client';
import type { Plan, ProvisioningStarted } from '../../api/superadmin-types';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { focusFirstInvalid } from '../../forms/focus-invalid';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';

const plans: Plan[] = ['small', 'medium', 'institution'];

/**
 * Starts provisioning; the workflow's progress is shown on the orchestra's page it opens. With a backup key
 * (a backup's "restore as new orchestra" link) the new orchestra is restored from that file.
 */
export function CreateOrchestraForm(props: { restoreFrom?: string; plan?: string }) {
  const navigate = useNavigate();
  const [values, setValues] = createSignal({ name: '', subdomain: '', contactEmail: '', plan: ((plans as string[]).includes(props.plan ?? '') ? props.plan : 'small') as Plan, adminEmail: '', restoreFrom: props.restoreFrom ?? '' });
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const set = (key: keyof ReturnType<typeof values>) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values(), [key]: event.currentTarget.value });
  let nameInput: HTMLInputElement | undefined;
  let form: HTMLFormElement | undefined;
  // Arriving from a backup's restore link: the form is what the superadmin came for, so it gets the focus.
  onMount(() => props.restoreFrom && nameInput?.focus());
  createEffect(on(() => props.restoreFrom, (key) => setValues({ ...values(), restoreFrom: key ?? '' }), { defer: true }));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const { adminEmail, restoreFrom, ...rest } = values();
    const checked = validate(createOrchestraBody, { ...rest, ...(adminEmail.trim() ? { adminEmail } : {}), ...(restoreFrom.trim() ? { restoreFrom } : {}) });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstInvalid(form);
    }
    setFields([]);
    setBusy(true);
    try {
      const created = await api.post<ProvisioningStarted>('/api/superadmin/orchestras', checked.data);
      // The new orchestra's page puts the focus on its heading, so a screen reader hears where it landed.
      navigate(`/orchestras/${created.orchestra.id}`, { state: { focusHeading: true } });
    } catch (failure) {
      if (failure instanceof ApiError) setFields(failure.fields);
      setError(failure);
      // A taken subdomain (409) is said at the field and, with who has it, in the page's language.
      const taken = failure instanceof ApiError && failure.code === 'subdomain_taken' ? /^The subdomain (\S+) is taken by (.+) \((\w+), \w+\)\.$/.exec(failure.message) : null;
      if (taken) {
        setFields([{ field: 'subdomain', message: t('superadmin.subdomainTaken') }]);
        setError(new Error(t('superadmin.subdomainTakenBy', { subdomain: taken[1], name: taken[2], code: taken[3] })));
      }
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} novalidate class="panel">
      <h2>{props.restoreFrom ? t('backups.restoreTitle') : t('superadmin.createTitle')}</h2>
      <FormField id="orchestra-name" label={t('superadmin.name')} error={fieldMessage(fields(), 'name')}>
        {(attrs) => <input {...attrs} ref={nameInput} value={values().name} onInput={set('name')} />}
      </FormField>
      <FormField
        id="orchestra-subdomain"
        label={t('superadmin.subdomain')}
        help={t('superadmin.subdomainHelp', { domain: location.host })}
        error={fieldMessage(fields(), 'subdomain')}
      >
        {(attrs) => <input {...attrs} value={values().subdomain} onInput={set('subdomain')} autocapitalize="none" spellcheck={false} />}
      </FormField>
      <FormField id="orchestra-contact" label={t('superadmin.contactEmail')} error={fieldMessage(fields(), 'contactEmail')}>
        {(attrs) => <input {...attrs} type="email" value={values().contactEmail} onInput={set('contactEmail')} />}
      </FormField>
      <FormField id="orchestra-admin" label={t('superadmin.adminEmail')} help={t('superadmin.adminEmailHelp')} error={fieldMessage(fields(), 'adminEmail')}>
        {(attrs) => <input {...attrs} type="email" value={values().adminEmail} onInput={set('adminEmail')} />}
      </FormField>
      <FormField id="orchestra-plan" label={t('superadmin.plan')} help={t(`superadmin.planLimits.${values().plan}`)} error={fieldMessage(fields(), 'plan')}>
        {(attrs) => (
          <select {...attrs} value={values().plan} onChange={set('plan')}>
            <For each={plans}>
              {(plan) => (
                // Marked on the option too: the select's value is set before its options exist.
                <option value={plan} selected={plan === values().plan}>
                  {t(`superadmin.planShort.${plan}`)}
                </option>
              )}
            </For>
          </select>
        )}
      </FormField>
      <FormField id="orchestra-restore-from" label={t('backups.restoreFrom')} help={t('backups.restoreFromHelp')} error={fieldMessage(fields(), 'restoreFrom')}>
        {(attrs) => <input {...attrs} value={values().restoreFrom} onInput={set('restoreFrom')} autocapitalize="none" spellcheck={false} />}
      </FormField>
      <Show when={values().restoreFrom.trim()}>
        <p class="help" data-testid="restore-notice">{t('backups.restoreNotice')}</p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('superadmin.creating') : t('superadmin.create')}
      </button>
    </form>
  );
}
