import { cleanup, fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LoginPage from '../../frontend/src/pages/login';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('login page', () => {
  it('validates with the shared schema before sending anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderAt('/login', '/login', LoginPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Logga in' }));
    expect(await screen.findByText('måste vara en e-postadress')).toBeTruthy();
    expect(screen.getByLabelText('E-post').getAttribute('aria-invalid')).toBe('true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows the server's message when the login is refused", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'Wrong email or password.' } })));
    renderAt('/login', '/login', LoginPage);
    fireEvent.input(await screen.findByLabelText('E-post'), { target: { value: 'anna@example.org' } });
    fireEvent.input(screen.getByLabelText('Lösenord'), { target: { value: 'not-it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Logga in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong email or password.');
  });

  it('speaks English when chosen', async () => {
    vi.stubGlobal('fetch', vi.fn());
    setLocale('en');
    renderAt('/login', '/login', LoginPage);
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });
});
