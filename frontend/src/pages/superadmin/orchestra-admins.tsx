import { createResource, createSignal, For, Show } from 'solid-js';
import { inviteAdminBody } from '../../../../shared/schemas/superadmin';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import type { OrchestraAdmin } from '../../api/superadmin-types';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { focusFirstInvalid } from '../../forms/focus-invalid';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { backupTime } from './orchestra-backups';

/** An orchestra's admins: invite, deactivate, reactivate, send a reset link. */
export function OrchestraAdmins(props: { orchestraId: string }) {
  const base = () => `/api/superadmin/orchestras/${props.orchestraId}/admins`;
  const [admins, { refetch }] = createResource(base, (path) => api.get<Page<OrchestraAdmin>>(path));
  const [email, setEmail] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();
  let section: HTMLElement | undefined;
  let noticeElement: HTMLParagraphElement | undefined;
  let inviteForm: HTMLFormElement | undefined;

  /**
   * Runs an action and reloads the list. The reload redraws the rows, so the focus goes back to the button
   * that was pressed (found by its name) or, when that button is gone (a deactivated or reactivated admin), to the notice.
   */
  async function act(action: () => Promise<unknown>, message?: string) {
    setError(undefined);
    setNotice(undefined);
    const pressed = document.activeElement instanceof HTMLElement && section?.contains(document.activeElement) ? document.activeElement : null;
    const pressedName = pressed?.getAttribute('aria-label');
    try {
      await action();
      if (message) setNotice(message);
      await refetch();
      queueMicrotask(() => {
        if (!pressed || pressed.isConnected) return; // e.g. the invite form, which stays where it is
        const again = [...(section?.querySelectorAll<HTMLElement>('button[aria-label]') ?? [])].find((b) => pressedName && b.getAttribute('aria-label') === pressedName);
        (again ?? noticeElement)?.focus();
      });
    } catch (failure) {
      if (failure instanceof ApiError) setFields(failure.fields);
      setError(failure);
    }
  }

  async function invite(event: SubmitEvent) {
    event.preventDefault();
    const checked = validate(inviteAdminBody, { email: email() });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstInvalid(inviteForm);
    }
    setFields([]);
    await act(() => api.post(base(), checked.data), t('superadmin.invited', { email: checked.data.email }));
    setEmail('');
  }

  return (
    <section aria-labelledby="admins-heading" ref={section}>
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
                    {t('superadmin.lastLogin')}: {admin.lastLoginAt ? backupTime(admin.lastLoginAt) : t('superadmin.never')}
                  </span>
                  <Show
                    when={admin.active}
                    fallback={
                      <span class="row-actions">
                        <button
                          type="button"
                          aria-label={t('superadmin.reactivateNamed', { email: admin.email })}
                          onClick={() =>
                            act(
                              () => api.post(`${base()}/${admin.id}/reactivate`),
                              t(admin.passwordSet ? 'superadmin.reactivated' : 'superadmin.reactivatedNoPassword', { email: admin.email }),
                            )
                          }
                        >
                          {t('superadmin.reactivate')}
                        </button>
                      </span>
                    }
                  >
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
                        onConfirm={() => act(() => api.post(`${base()}/${admin.id}/deactivate`), t('superadmin.deactivated', { email: admin.email }))}
                      />
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loadable>
      <form ref={inviteForm} onSubmit={invite} novalidate class="inline-form">
        <FormField id="invite-email" label={t('superadmin.inviteEmail')} error={fieldMessage(fields(), 'email')}>
          {(attrs) => <input {...attrs} type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </FormField>
        <button type="submit">{t('superadmin.invite')}</button>
      </form>
      <Show when={notice()}>
        <p class="message ok" role="status" tabindex="-1" ref={noticeElement}>
          {notice()}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
    </section>
  );
}
