import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import DashboardPage from '../../frontend/src/pages/admin/dashboard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const usage = { used: 1, limit: 10, warning: false };
const dashboard = {
  musicians: { active: 143, inactive: 6 },
  upcomingProjects: { total: 0, next: [] },
  pendingRequests: 9,
  answerRate: { windowDays: 30, sent: 9, answered: 0, rate: 0 },
  exhaustedNeeds: [],
  failingDeliveryNeeds: [],
  recentActivity: [
    { id: 2, at: '2026-12-04T14:53:00', actor: { email: 'admin@demo.example.org' }, action: 'musician.archive', entityType: 'musician' },
    { id: 1, at: '2026-12-04T14:47:00', actor: { email: null }, action: 'brand_new.thing', entityType: 'brand_new' },
  ],
  plan: { name: 'institution', usage: { musicians: { ...usage, resource: 'musicians' }, activeProjects: { ...usage, resource: 'activeProjects' }, admins: { ...usage, resource: 'admins' } } },
};

describe('dashboard', () => {
  it('lists recent activity in words with dates in the page language, under column headings', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(dashboard), { status: 200, headers: { 'content-type': 'application/json' } })));
    render(() => <DashboardPage />);
    const row = await screen.findByRole('row', { name: /admin@demo/ });
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['2026-12-04 14:53', 'admin@demo.example.org', 'Musiker arkiverades']);
    expect(screen.getByRole('columnheader', { name: 'Tid' })).toBeTruthy();
    // An action without a name yet is shown as its code rather than as nothing.
    expect(screen.getByText('brand_new.thing')).toBeTruthy();

    setLocale('en');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['4 Dec 2026, 14:53', 'admin@demo.example.org', 'Musician archived']);
  });
});

describe('counts', () => {
  it('says one thing in the singular in both languages', async () => {
    const { t } = await import('../../frontend/src/i18n/i18n');
    expect(t('engine.send', { count: 1 })).toBe('Skicka 1 förfrågan');
    expect(t('engine.send', { count: 3 })).toBe('Skicka 3 förfrågningar');
    setLocale('en');
    expect(t('lists.usedByNeeds', { count: 1 })).toBe('Used by 1 need.');
    expect(t('lists.usedByNeeds', { count: 2 })).toBe('Used by 2 needs.');
    expect(t('engine.attempts', { count: 1 })).toBe('1 try');
  });
});
