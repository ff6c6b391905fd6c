import { createResource, createSignal, For, Show } from 'solid-js';
import { inviteAdminBody } from '../../../../shared/schemas/superadmin';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import type { OrchestraAdmin } from '../../api/superadmin-types';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';

/** An orchestra's admins: invite, deactivate, send a reset link. */
export function OrchestraAdmins(props: { orchestraId: string }) {
  const base = () => `/api/superadmin/orchestras/${props.orchestraId}/admins`;
  const [admins, { refetch }] = createResource(base, (path) => api.get<Page<OrchestraAdmin>>(path));
  const [email, setEmail] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();

  async function act(action: () => Promise<unknown>, message?: string) {
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      if (message) setNotice(message);
      await refetch();
    } catch (failure) {
      if (failure instanceof ApiError) setFields(failure.fields);
      setError(failure);
    }
  }

  async function invite(event: SubmitEvent) {
    event.preventDefault();
    const checked = validate(inviteAdminBody, { email: email() });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    await act(() => api.post(base(), checked.data), t('superadmin.invited', { email: checked.data.email }));
    setEmail('');
  }

  return (
    <section aria-labelledby="admins-heading">
      <h2 id="admins-heading">{t('superadmin.admins')}</h2>
      <Loadable resource={admins} onRetry={refetch} isEmpty={(page) => page.items.length === 0}>
        {(page) => (
          <ul class="plain-list">
            <For each={page.items}>
              {(admin) => (
                <li>
                  <strong>{admin.email}</strong> {admin.name}
                  <span class="help">
                    {' '}
                    {!admin.active ? `· ${t('superadmin.inactive')}` : ''} {!admin.passwordSet ? `· ${t('superadmin.passwordPending')}` : ''} ·{' '}
                    {t('superadmin.lastLogin')}: {admin.lastLoginAt ? new Date(admin.lastLoginAt).toLocaleString() : t('superadmin.never')}
                  </span>
                  <Show when={admin.active}>
                    <span class="row-actions">
                      <button
                        type="button"
                        aria-label={t('superadmin.resetPasswordNamed', { email: admin.email })}
                        onClick={() => act(() => api.post(`${base()}/${admin.id}/reset-password`), t('superadmin.resetSent', { email: admin.email }))}
                      >
                        {t('superadmin.resetPassword')}
                      </button>
                      <ConfirmButton
                        label={t('superadmin.deactivate')}
                        question={t('superadmin.deactivateQuestion', { email: admin.email })}
                        ariaLabel={t('superadmin.deactivateNamed', { email: admin.email })}
                        onConfirm={() => act(() => api.post(`${base()}/${admin.id}/deactivate`))}
                      />
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loadable>
      <form onSubmit={invite} novalidate class="inline-form">
        <FormField id="invite-email" label={t('superadmin.inviteEmail')} error={fieldMessage(fields(), 'email')}>
          {(attrs) => <input {...attrs} type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </FormField>
        <button type="submit">{t('superadmin.invite')}</button>
      </form>
      <Show when={notice()}>
        <p class="message ok" role="status">
          {notice()}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
    </section>
  );
}
