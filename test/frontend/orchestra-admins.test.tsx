import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrchestraAdmin } from '../../frontend/src/api/superadmin-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { OrchestraAdmins } from '../../frontend/src/pages/superadmin/orchestra-admins';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const orchestraId = '00000000-0000-4000-8000-000000000001';
const admin = (n: number, email: string, active = true): OrchestraAdmin => ({
  id: `00000000-0000-4000-8000-00000000010${n}`,
  email,
  name: '',
  active,
  passwordSet: true,
  createdAt: '2026-01-01T00:00:00Z',
  lastLoginAt: null,
});
const admins = [admin(1, 'anna@orkester.example'), admin(2, 'bo@orkester.example'), admin(3, 'gone@orkester.example', false)];

function stubApi() {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if ((init?.method ?? 'GET') === 'GET') return json(200, { items: admins, total: admins.length });
    if (url.endsWith(`${admins[1].id}/deactivate`)) return json(409, { error: { code: 'last_admin', message: 'bo@orkester.example is the last active admin.' } });
    return new Response(null, { status: 204 });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe("an orchestra's admins", () => {
  it("names each admin's buttons after the admin, and acts on that admin", async () => {
    const fetch = stubApi();
    render(() => <OrchestraAdmins orchestraId={orchestraId} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Skicka återställningslänk till anna@orkester.example' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Återställningslänk skickad till anna@orkester.example.'));
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)).toEqual([
      `/api/superadmin/orchestras/${orchestraId}/admins/${admins[0].id}/reset-password`,
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Inaktivera bo@orkester.example' }));
    // Deactivating asks first: nothing is sent until the question is answered.
    expect(screen.getByText('Inaktivera bo@orkester.example? Hen kan inte logga in förrän hen aktiveras igen.')).toBeTruthy();
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(1);
    fireEvent.click(within(screen.getByRole('group', { name: 'Inaktivera bo@orkester.example' })).getByRole('button', { name: 'Inaktivera bo@orkester.example' }));
    expect((await screen.findByRole('alert')).textContent).toContain('bo@orkester.example is the last active admin.');
    // An inactive admin's only button brings the admin back.
    expect(screen.getAllByRole('button', { name: /gone@orkester\.example/ }).map((b) => b.getAttribute('aria-label'))).toEqual(['Aktivera gone@orkester.example igen']);
  });

  it('keeps the focus on the pressed button after the list reloads, and on the notice when the button is gone', async () => {
    stubApi();
    render(() => <OrchestraAdmins orchestraId={orchestraId} />);
    const reset = await screen.findByRole('button', { name: 'Skicka återställningslänk till anna@orkester.example' });
    reset.focus();
    fireEvent.click(reset);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Återställningslänk skickad'));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Skicka återställningslänk till anna@orkester.example'));

    fireEvent.click(screen.getByRole('button', { name: 'Inaktivera anna@orkester.example' }));
    const confirm = within(screen.getByRole('group', { name: 'Inaktivera anna@orkester.example' })).getByRole('button', { name: 'Inaktivera anna@orkester.example' });
    confirm.focus();
    admins[0] = { ...admins[0], active: false };
    fireEvent.click(confirm);
    const notice = await screen.findByText('anna@orkester.example är inaktiverad.');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    admins[0] = { ...admins[0], active: true };
  });

  it('reactivates an inactive admin: a refusal of the plan is said in the page\'s language and changes nothing, a success updates the row', async () => {
    let list = admins.map((a) => ({ ...a }));
    let planFull = true;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if ((init?.method ?? 'GET') === 'GET') return json(200, { items: list, total: list.length });
      if (planFull) return json(409, { error: { code: 'plan_limit', message: 'The small plan allows 2 admins; this orchestra has 2.' } });
      list = list.map((a) => (url.endsWith(`${a.id}/reactivate`) ? { ...a, active: true } : a));
      return json(200, list[2]);
    });
    vi.stubGlobal('fetch', fetch);
    render(() => <OrchestraAdmins orchestraId={orchestraId} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Aktivera gone@orkester.example igen' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Planen Liten tillåter 2 administratörer; orkestern har 2.');
    expect(screen.getByRole('button', { name: 'Aktivera gone@orkester.example igen' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Inaktivera gone@orkester.example' })).toBeNull();

    planFull = false;
    fireEvent.click(screen.getByRole('button', { name: 'Aktivera gone@orkester.example igen' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('gone@orkester.example är aktiv igen och loggar in med sitt tidigare lösenord.'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Inaktivera gone@orkester.example' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Aktivera gone@orkester.example igen' })).toBeNull();
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)).toEqual([
      `/api/superadmin/orchestras/${orchestraId}/admins/${admins[2].id}/reactivate`,
      `/api/superadmin/orchestras/${orchestraId}/admins/${admins[2].id}/reactivate`,
    ]);
  });

  it('labels the invite field as what it is for, and puts the focus on it when the address is wrong', async () => {
    const fetch = stubApi();
    render(() => <OrchestraAdmins orchestraId={orchestraId} />);
    const field = await screen.findByLabelText('Bjud in en administratör (e-post)');
    fireEvent.input(field, { target: { value: 'inte-en-adress' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bjud in' }));
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.getByText('måste vara en e-postadress')).toBeTruthy();
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('names them in English too', async () => {
    stubApi();
    setLocale('en');
    render(() => <OrchestraAdmins orchestraId={orchestraId} />);
    expect(await screen.findByRole('button', { name: 'Deactivate anna@orkester.example' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send reset link to bo@orkester.example' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reactivate gone@orkester.example' }));
    expect((await screen.findByRole('status')).textContent).toContain('gone@orkester.example is active again and logs in with their old password.');
  });
});
