import { A, useLocation } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { passwordResetConfirmBody } from '../../../shared/schemas/auth';
import { api, ApiError, type FieldError } from '../api/client';
import { ErrorMessage } from '../components/error-message';
import { FormField } from '../components/form-field';
import { focusFirstInvalid } from '../forms/focus-invalid';
import { fieldMessage, validate } from '../forms/validate';
import { t } from '../i18n/i18n';

/**
 * Opened from a password-reset or invitation email (`/reset-password#token=…`, `/set-password#token=…`).
 * The token travels in the fragment so it never reaches a server log or a Referer header.
 */
export default function SetPasswordPage(props: { invitation?: boolean }) {
  const location = useLocation();
  const token = () => new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  const [password, setPassword] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [done, setDone] = createSignal(false);
  // The server refused the token (used, expired, or the account gone): the form cannot help, a new link can.
  const [linkInvalid, setLinkInvalid] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const checked = validate(passwordResetConfirmBody, { token: token(), password: password() });
    const mismatch = password() !== repeat() ? [{ field: 'repeat', message: t('auth.mismatch') }] : [];
    if (!checked.ok || mismatch.length) {
      setFields([...(checked.ok ? [] : checked.fields), ...mismatch]);
      return focusFirstInvalid(form);
    }
    setFields([]);
    setBusy(true);
    try {
      await api.post('/api/auth/password-reset/confirm', checked.data);
      setDone(true);
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.some((f) => f.field === 'token')) setLinkInvalid(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  // The form gives way to the outcome; the focus moves with it instead of falling back to the page's top.
  const focusSoon = (el: HTMLElement) => queueMicrotask(() => el.focus());

  return (
    <main id="main" class="narrow">
      <h1>{props.invitation ? t('auth.inviteTitle') : t('auth.chooseTitle')}</h1>
      <Show when={token()} fallback={<p class="message error" role="alert">{t('auth.missingToken')}</p>}>
        <Show when={linkInvalid()}>
          <div class="message error" role="alert" tabindex="-1" ref={focusSoon}>
            <p>{t('auth.linkInvalid')}</p>
            <A href="/forgot-password">{t('auth.askNewLink')}</A>
          </div>
        </Show>
        <Show
          when={!done()}
          fallback={
            <p class="message ok" role="status" tabindex="-1" ref={focusSoon}>
              {t('auth.passwordSet')} <A href="/login">{t('auth.toLogin')}</A>
            </p>
          }
        >
          <Show when={!linkInvalid()}>
            <form ref={form} onSubmit={submit} novalidate>
              <FormField id="new-password" label={t('auth.newPassword')} help={t('auth.newPasswordHelp')} error={fieldMessage(fields(), 'password')}>
                {(attrs) => <input {...attrs} type="password" autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />}
              </FormField>
              <FormField id="repeat-password" label={t('auth.repeatPassword')} error={fieldMessage(fields(), 'repeat')}>
                {(attrs) => <input {...attrs} type="password" autocomplete="new-password" value={repeat()} onInput={(e) => setRepeat(e.currentTarget.value)} />}
              </FormField>
              <Show when={fieldMessage(fields(), 'token')}>
                <p class="message error" role="alert">{t('auth.missingToken')}</p>
              </Show>
              <Show when={error()}>
                <ErrorMessage error={error()} />
              </Show>
              <button type="submit" class="primary" disabled={busy()}>
                {busy() ? t('common.saving') : t('common.save')}
              </button>
            </form>
          </Show>
        </Show>
      </Show>
    </main>
  );
}
