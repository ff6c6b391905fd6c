import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { passwordResetRequestBody } from '../../../shared/schemas/auth';
import { api, type FieldError } from '../api/client';
import { ErrorMessage } from '../components/error-message';
import { FormField } from '../components/form-field';
import { focusFirstInvalid } from '../forms/focus-invalid';
import { fieldMessage, validate } from '../forms/validate';
import { t } from '../i18n/i18n';

export default function ForgotPasswordPage() {
  const [email, setEmail] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [sent, setSent] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const checked = validate(passwordResetRequestBody, { email: email() });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstInvalid(form);
    }
    setFields([]);
    setBusy(true);
    try {
      // The server answers the same for known and unknown addresses; the page says so in its own language.
      await api.post('/api/auth/password-reset', checked.data);
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="narrow">
      <h1>{t('auth.forgotTitle')}</h1>
      <Show
        when={sent()}
        fallback={
          <form ref={form} onSubmit={submit} novalidate>
            <p>{t('auth.forgotHelp')}</p>
            <FormField id="forgot-email" label={t('auth.email')} error={fieldMessage(fields(), 'email')}>
              {(attrs) => <input {...attrs} type="email" autocomplete="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />}
            </FormField>
            <Show when={error()}>
              <ErrorMessage error={error()} />
            </Show>
            <button type="submit" class="primary" disabled={busy()}>
              {t('auth.sendLink')}
            </button>
          </form>
        }
      >
        <p class="message ok" role="status" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
          {t('auth.resetRequested')}
        </p>
      </Show>
      <p>
        <A href="/login">{t('auth.toLogin')}</A>
      </p>
    </main>
  );
}
