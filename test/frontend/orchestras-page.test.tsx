import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrchestraOverview } from '../../frontend/src/api/superadmin-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import OrchestraDetailPage from '../../frontend/src/pages/superadmin/orchestra-detail';
import OrchestrasPage from '../../frontend/src/pages/superadmin/orchestras';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const demo: OrchestraOverview = {
  id: '11111111-2222-4333-8444-555555555555',
  code: 'ORCH001',
  name: 'Demo Symfoniorkester',
  subdomain: 'demo',
  contactEmail: 'kontakt@demo.example.org',
  plan: 'institution',
  status: 'active',
  schemaVersion: '0006',
  failedStep: null,
  failureCause: null,
  createdAt: '2026-12-01T10:00:00Z',
  activatedAt: '2026-12-01T10:00:00Z',
  figures: { musicians: 150, activeProjects: 1, pendingRequests: 0, lastActivityAt: null, schemaVersion: '0006' },
  health: { status: 'ok', latencyMs: 2 },
};
const list = (items: OrchestraOverview[]) =>
  json(200, { items, total: items.length, totals: { byStatus: {}, musicians: 150, activeProjects: 1, pendingRequests: 0, unreachable: 0 } });

describe('the orchestras page', () => {
  it("names the plan in words, and says a search found nothing rather than 'nothing yet'", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => (url.includes('search=') ? list([]) : list([demo]))),
    );
    renderAt('/orchestras', '/orchestras', OrchestrasPage);
    const row = (await screen.findByRole('link', { name: 'Demo Symfoniorkester' })).closest('tr')!;
    expect(within(row).getByText('Institution')).toBeTruthy();
    // One orchestra is not "1 orkestrar".
    expect(screen.getByText('Totalt – orkestrar: 1 · musiker: 150 · aktiva projekt: 1 · väntande förfrågningar: 0')).toBeTruthy();
    expect([...(screen.getByLabelText('Plan') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['Liten', 'Mellan', 'Institution']);
    expect(screen.getByText('Högst 50 musiker, 5 aktiva projekt och 2 administratörer.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Sök'), { target: { value: 'zzz' } });
    expect(await screen.findByText('Ingen orkester matchar sökningen.')).toBeTruthy();
  });

  it('says, when restoring a backup, that the copy starts paused with nothing pending and must fit its plan', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => list([demo])));
    renderAt('/orchestras?restoreFrom=orchestras%2F1%2Fbackups%2Fa.json', '/orchestras', OrchestrasPage);
    expect((await screen.findByTestId('restore-notice')).textContent).toMatch(/alla projekt börjar pausade, väntande förfrågningar avbryts och ingen får e-post/);
    fireEvent.input(screen.getByLabelText('Återställ från säkerhetskopia (nyckel)'), { target: { value: '' } });
    expect(screen.queryByTestId('restore-notice')).toBeNull();
  });

  it("restores with the backed-up orchestra's plan chosen, as the backup's link gives it, and sends that plan", async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => (init?.method === 'POST' ? json(400, { error: { code: 'validation_failed', message: 'x', fields: [] } }) : list([demo])));
    vi.stubGlobal('fetch', fetchMock);
    renderAt(`/orchestras?restoreFrom=${encodeURIComponent(`orchestras/${demo.id}/backups/2026-12-01T10-00-00-000Z.json`)}&plan=institution`, '/orchestras', OrchestrasPage);
    const plan = (await screen.findByLabelText('Plan')) as HTMLSelectElement;
    expect(plan.value).toBe('institution');
    fireEvent.input(screen.getByLabelText('Namn', { exact: true }), { target: { value: 'Demo (kopia)' } });
    fireEvent.input(screen.getByLabelText('Subdomän'), { target: { value: 'demo-kopia' } });
    fireEvent.input(screen.getByLabelText('Kontaktadress'), { target: { value: 'kontakt@kopia.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true));
    const posted = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(String(posted[1]!.body))).toMatchObject({ plan: 'institution', restoreFrom: `orchestras/${demo.id}/backups/2026-12-01T10-00-00-000Z.json` });
  });

  it('says at the field, in Swedish, that a subdomain is taken and by whom', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) =>
        init?.method === 'POST'
          ? json(409, { error: { code: 'subdomain_taken', message: 'The subdomain demo is taken by Demo Symfoniorkester (ORCH001, active).' } })
          : list([demo]),
      ),
    );
    renderAt('/orchestras', '/orchestras', OrchestrasPage);
    fireEvent.input(await screen.findByLabelText('Namn'), { target: { value: 'Ny' } });
    fireEvent.input(screen.getByLabelText('Subdomän'), { target: { value: 'demo' } });
    fireEvent.input(screen.getByLabelText('Kontaktadress'), { target: { value: 'ny@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Subdomänen demo används redan av Demo Symfoniorkester (ORCH001). Välj en annan.');
    await waitFor(() => expect(screen.getByLabelText('Subdomän').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('är upptagen')).toBeTruthy();
  });

  it("puts the focus on the new orchestra's heading after 'Skapa orkester', not at the top of the document", async () => {
    const created = { ...demo, id: '11111111-2222-4333-8444-666666666666', code: 'ORCH002', name: 'Nya orkestern', subdomain: 'ny', status: 'provisioning' as const, figures: null, health: null };
    const detailUrl = `/api/superadmin/orchestras/${created.id}`;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') return json(201, { orchestra: created });
        if (url === detailUrl) return json(200, { ...created, admins: 0, provisioning: null });
        if (url.startsWith('/api/superadmin/orchestras?') || url === '/api/superadmin/orchestras') return list([demo]);
        return json(200, { items: [], total: 0 });
      }),
    );
    const history = createMemoryHistory();
    history.set({ value: '/orchestras' });
    render(() => (
      <MemoryRouter history={history}>
        <Route path="/orchestras" component={OrchestrasPage} />
        <Route path="/orchestras/:id" component={OrchestraDetailPage} />
      </MemoryRouter>
    ));
    fireEvent.input(await screen.findByLabelText('Namn'), { target: { value: 'Nya orkestern' } });
    fireEvent.input(screen.getByLabelText('Subdomän'), { target: { value: 'ny' } });
    fireEvent.input(screen.getByLabelText('Kontaktadress'), { target: { value: 'ny@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Nya orkestern' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  it("leaves the focus alone when an orchestra's page is opened from a link", async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url === `/api/superadmin/orchestras/${demo.id}` ? json(200, { ...demo, admins: 1, provisioning: null }) : json(200, { items: [], total: 0 }))));
    renderAt(`/orchestras/${demo.id}`, '/orchestras/:id', OrchestraDetailPage);
    await screen.findByRole('heading', { level: 1, name: 'Demo Symfoniorkester' });
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(document.body);
  });
});
