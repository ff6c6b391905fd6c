import { useNavigate } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { createOrchestraBody } from '../../../../shared/schemas/superadmin';
import { api, ApiError, type FieldError } from '../../api/client';
import type { OrchestraRow, Plan } from '../../api/superadmin-types';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';

const plans: Plan[] = ['small', 'medium', 'institution'];

/** Starts provisioning; the workflow's progress is shown on the orchestra's page it opens. */
export function CreateOrchestraForm() {
  const navigate = useNavigate();
  const [values, setValues] = createSignal({ name: '', subdomain: '', contactEmail: '', plan: 'small' as Plan, adminEmail: '' });
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const set = (key: keyof ReturnType<typeof values>) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values(), [key]: event.currentTarget.value });

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const { adminEmail, ...rest } = values();
    const checked = validate(createOrchestraBody, { ...rest, ...(adminEmail.trim() ? { adminEmail } : {}) });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      const created = await api.post<{ orchestra: OrchestraRow }>('/api/superadmin/orchestras', checked.data);
      navigate(`/orchestras/${created.orchestra.id}`);
    } catch (failure) {
      if (failure instanceof ApiError) setFields(failure.fields);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} novalidate class="panel">
      <h2>{t('superadmin.createTitle')}</h2>
      <FormField id="orchestra-name" label={t('superadmin.name')} error={fieldMessage(fields(), 'name')}>
        {(attrs) => <input {...attrs} value={values().name} onInput={set('name')} />}
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
      <FormField id="orchestra-plan" label={t('superadmin.plan')} error={fieldMessage(fields(), 'plan')}>
        {(attrs) => (
          <select {...attrs} value={values().plan} onChange={set('plan')}>
            <For each={plans}>{(plan) => <option value={plan}>{plan}</option>}</For>
          </select>
        )}
      </FormField>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('superadmin.creating') : t('superadmin.create')}
      </button>
    </form>
  );
}
