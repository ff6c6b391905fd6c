import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { passwordResetRequestBody } from '../../../shared/schemas/auth';
import { api, type FieldError } from '../api/client';
import { ErrorMessage } from '../components/error-message';
import { FormField } from '../components/form-field';
import { fieldMessage, validate } from '../forms/validate';
import { t } from '../i18n/i18n';

export default function ForgotPasswordPage() {
  const [email, setEmail] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [sent, setSent] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const checked = validate(passwordResetRequestBody, { email: email() });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      // The server answers the same for known and unknown addresses; its message says so.
      const answer = await api.post<{ message: string }>('/api/auth/password-reset', checked.data);
      setSent(answer.message);
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
          <form onSubmit={submit} novalidate>
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
        <p class="message ok" role="status">
          {sent()}
        </p>
      </Show>
      <p>
        <A href="/login">{t('auth.toLogin')}</A>
      </p>
    </main>
  );
}
