import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { loginBody } from '../../../shared/schemas/auth';
import { api, ApiError, type FieldError } from '../api/client';
import { refreshSession } from '../api/session';
import { ErrorMessage } from '../components/error-message';
import { FormField } from '../components/form-field';
import { focusFirstInvalid } from '../forms/focus-invalid';
import { fieldMessage, validate } from '../forms/validate';
import { t } from '../i18n/i18n';

export default function LoginPage() {
  const navigate = useNavigate();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const checked = validate(loginBody, { email: email(), password: password() });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstInvalid(form);
    }
    setFields([]);
    setBusy(true);
    try {
      await api.post('/api/auth/login', checked.data);
      await refreshSession();
      navigate('/', { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length) setFields(failure.fields);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="narrow">
      <h1>{t('auth.loginTitle')}</h1>
      <form ref={form} onSubmit={submit} novalidate>
        <FormField id="login-email" label={t('auth.email')} error={fieldMessage(fields(), 'email')}>
          {(attrs) => <input {...attrs} type="email" autocomplete="username" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </FormField>
        <FormField id="login-password" label={t('auth.password')} error={fieldMessage(fields(), 'password')}>
          {(attrs) => <input {...attrs} type="password" autocomplete="current-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </FormField>
        <Show when={error()}>
          <ErrorMessage error={error()} />
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('auth.loggingIn') : t('auth.login')}
        </button>
      </form>
      <p>
        <A href="/forgot-password">{t('auth.forgot')}</A>
      </p>
    </main>
  );
}
