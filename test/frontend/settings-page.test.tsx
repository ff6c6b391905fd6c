import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SettingsPage from '../../frontend/src/pages/admin/settings';
import type { Settings } from '../../frontend/src/pages/admin/settings-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const settings: Settings = {
  orchestraName: 'Demo Symfoniker',
  reminderPercent: 75,
  conflictMode: 'first_asked',
  timeZone: 'Europe/Stockholm',
  senderName: 'Demo Symfoniker',
  replyTo: null,
  updatedAt: null,
  plan: {
    name: 'medium',
    usage: {
      musicians: { resource: 'musicians', used: 170, limit: 200, warning: true },
      activeProjects: { resource: 'activeProjects', used: 3, limit: 20, warning: false },
      admins: { resource: 'admins', used: 1, limit: 5, warning: false },
    },
  },
};

function stubApi() {
  const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
    if ((init?.method ?? 'GET') === 'GET') return json(200, settings);
    return json(200, { ...settings, ...JSON.parse(String(init!.body)) });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
const patches = (fetch: ReturnType<typeof stubApi>) => fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH');

describe('settings page', () => {
  it('validates with the shared schema before sending: nothing goes out while a field is wrong', async () => {
    const fetch = stubApi();
    renderAt('/settings', '/settings', SettingsPage);
    fireEvent.input(await screen.findByLabelText('Påminnelse vid (% av svarstiden)'), { target: { value: '150' } });
    fireEvent.input(screen.getByLabelText('Svarsadress'), { target: { value: 'not-an-address' } });
    fireEvent.input(screen.getByLabelText('Orkesterns namn'), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    expect(await screen.findByText('måste vara från 1 till 99')).toBeTruthy();
    expect(screen.getByText('måste vara en e-postadress')).toBeTruthy();
    expect(screen.getByText('måste fyllas i')).toBeTruthy();
    expect(screen.getByLabelText('Påminnelse vid (% av svarstiden)').getAttribute('aria-invalid')).toBe('true');
    expect(patches(fetch)).toEqual([]);
  });

  it('shows the stored time zone selected, not the first of the list', async () => {
    stubApi();
    renderAt('/settings', '/settings', SettingsPage);
    const select = (await screen.findByLabelText('Tidszon')) as HTMLSelectElement;
    expect(select.options[0].value).not.toBe('Europe/Stockholm');
    expect(select.value).toBe('Europe/Stockholm');
    expect(select.selectedOptions[0].textContent).toBe('Europe/Stockholm');
  });

  it('sends the checked values and shows the plan usage', async () => {
    const fetch = stubApi();
    renderAt('/settings', '/settings', SettingsPage);
    expect(await screen.findByText('170 av 200')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Påminnelse vid (% av svarstiden)'), { target: { value: '60' } });
    fireEvent.click(screen.getByLabelText('Bästa placering'));
    fireEvent.change(screen.getByLabelText('Tidszon'), { target: { value: 'Europe/Helsinki' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(patches(fetch)).toHaveLength(1));
    expect(JSON.parse(String(patches(fetch)[0][1]!.body))).toEqual({
      orchestraName: 'Demo Symfoniker',
      reminderPercent: 60,
      conflictMode: 'best_rank',
      timeZone: 'Europe/Helsinki',
      senderName: 'Demo Symfoniker',
      replyTo: null,
    });
    expect(await screen.findByText('Inställningarna är sparade.')).toBeTruthy();
  });
});
