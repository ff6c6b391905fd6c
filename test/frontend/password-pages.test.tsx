import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../frontend/src/api/client';
import { errorText } from '../../frontend/src/components/error-message';
import { setLocale } from '../../frontend/src/i18n/i18n';
import ForgotPasswordPage from '../../frontend/src/pages/forgot-password';
import LoginPage from '../../frontend/src/pages/login';
import InvitationPage from '../../frontend/src/pages/invitation';
import SetPasswordPage from '../../frontend/src/pages/set-password';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const token = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function choosePassword(password = 'ett-langt-losenord') {
  fireEvent.input(screen.getByLabelText('Nytt lösenord'), { target: { value: password } });
  fireEvent.input(screen.getByLabelText('Upprepa lösenordet'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
}

describe('choosing a password from an emailed link', () => {
  it('says in Swedish that a used or expired link no longer works, and offers a new one instead of the form', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(400, {
          error: {
            code: 'bad_request',
            message: 'This link is invalid, already used or expired. Ask for a new one.',
            fields: [{ field: 'token', message: 'is invalid, already used or expired' }],
          },
        }),
      ),
    );
    renderAt(`/set-password#token=${token}`, '/set-password', InvitationPage);
    await screen.findByRole('heading', { name: 'Välkommen! Välj ditt lösenord' });
    choosePassword();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Länken gäller inte längre: den är redan använd eller för gammal.');
    expect(screen.getByRole('link', { name: 'Be om en ny länk' }).getAttribute('href')).toBe('/forgot-password');
    expect(screen.queryByLabelText('Nytt lösenord')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('moves the focus to the outcome once the password is saved', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    renderAt(`/reset-password#token=${token}`, '/reset-password', SetPasswordPage);
    await screen.findByRole('heading', { name: 'Välj lösenord' });
    choosePassword();
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Lösenordet är sparat.');
    await waitFor(() => expect(document.activeElement).toBe(status));
  });
});

describe('asking for a reset link', () => {
  it("answers in the page's language, not with the server's English sentence", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(202, { message: 'If an account exists for this address, a reset link is on its way.' })));
    renderAt('/forgot-password', '/forgot-password', ForgotPasswordPage);
    fireEvent.input(await screen.findByLabelText('E-post'), { target: { value: 'anna@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skicka länk' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toBe('Om det finns ett konto för adressen är en länk på väg. Titta i din e-post; länken gäller i en timme.');
    await waitFor(() => expect(document.activeElement).toBe(status));
  });
});

describe('server errors with a fixed English message', () => {
  it('are said in the page language; errors that name something keep the server text', () => {
    expect(errorText(new ApiError(401, 'invalid_credentials', 'Wrong email or password.'))).toBe('Fel e-postadress eller lösenord.');
    expect(errorText(new ApiError(423, 'suspended', 'Demo is suspended. Contact the service operator.'))).toBe(
      'Orkestern är avstängd just nu. Kontakta den som driver tjänsten.',
    );
    expect(errorText(new ApiError(401, 'unauthorized', 'Your session has ended. Log in again.'))).toBe('Your session has ended. Log in again.');
    expect(errorText(new ApiError(409, 'subdomain_taken', 'The subdomain demo is taken.'))).toBe('The subdomain demo is taken.');
    expect(errorText(new ApiError(429, 'too_many_requests', 'Too many failed login attempts. Try again in 15 minutes.'))).toBe(
      'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.',
    );
    expect(errorText(new ApiError(429, 'too_many_requests', 'Too many failed login attempts. Try again in 1 minute.'))).toBe(
      'För många misslyckade inloggningsförsök. Försök igen om en minut.',
    );
    setLocale('en');
    expect(errorText(new ApiError(429, 'too_many_requests', 'Too many failed login attempts. Try again in 1 minute.'))).toBe(
      'Too many failed login attempts. Try again in a minute.',
    );
    expect(errorText(new ApiError(429, 'too_many_requests', 'Too many requests.'))).toBe('Too many failed login attempts. Wait a while and try again.');
  });
});

describe('a refused submit', () => {
  it('puts the focus on the first field to fix', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderAt('/login', '/login', LoginPage);
    fireEvent.input(await screen.findByLabelText('Lösenord'), { target: { value: 'hemligt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Logga in' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('E-post')));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('and so does a password that is too short when choosing one', async () => {
    vi.stubGlobal('fetch', vi.fn());
    renderAt(`/reset-password#token=${token}`, '/reset-password', SetPasswordPage);
    await screen.findByRole('heading', { name: 'Välj lösenord' });
    choosePassword('kort');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Nytt lösenord')));
    expect(screen.getByText('måste vara minst 10 tecken')).toBeTruthy();
  });
});
