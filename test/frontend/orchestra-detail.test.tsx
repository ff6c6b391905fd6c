import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrchestraDetail } from '../../frontend/src/api/superadmin-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import OrchestraDetailPage from '../../frontend/src/pages/superadmin/orchestra-detail';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const id = '11111111-2222-4333-8444-555555555555';
const base = `/api/superadmin/orchestras/${id}`;
const detail = (over: Partial<OrchestraDetail> = {}): OrchestraDetail => ({
  id,
  code: 'ORCH002',
  name: 'Testorkestern',
  subdomain: 'test1',
  contactEmail: 'kontakt@test1.example.org',
  plan: 'small',
  status: 'active',
  schemaVersion: '0006',
  failedStep: null,
  failureCause: null,
  createdAt: '2026-12-01T10:00:00Z',
  activatedAt: '2026-12-01T10:00:05Z',
  figures: { musicians: 0, activeProjects: 0, pendingRequests: 0, lastActivityAt: null, schemaVersion: '0006' },
  health: { status: 'ok', latencyMs: 1 },
  admins: 1,
  provisioning: null,
  ...over,
});
const step = (name: string, status: 'running' | 'succeeded' | 'failed' = 'succeeded', extra = {}) => ({ step: name, status, startedAt: '2026-12-01T10:00:00Z', attempts: 1, ...extra });

/** Answers the page's own calls; the admins and backups panels get empty lists. */
function stubApi(orchestra: () => OrchestraDetail, onPost: (url: string) => Response = () => new Response(null, { status: 204 })) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method === 'GET' && url === base) return json(200, orchestra());
    if (method === 'GET') return json(200, { items: [], total: 0 });
    return onPost(url);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const renderPage = () => renderAt(`/orchestras/${id}`, '/orchestras/:id', OrchestraDetailPage);

describe("an orchestra's page for the superadmin", () => {
  it('names the provisioning steps in words, and the failed step with its cause', async () => {
    stubApi(() =>
      detail({
        status: 'failed',
        failedStep: 'Migrate',
        failureCause: 'relation already exists',
        provisioning: {
          executionId: 'x',
          status: 'FAILED',
          startedAt: '2026-12-01T10:00:00Z',
          steps: [step('Validate'), step('CreateDatabase'), step('Migrate', 'failed', { error: 'MigrationFailed', cause: 'relation already exists' }), step('Compensate')],
        },
      }),
    );
    renderPage();
    const steps = await screen.findByRole('list');
    expect(within(steps).getAllByRole('listitem').map((li) => li.querySelector('.step-name')?.textContent)).toEqual([
      'Kontrollera uppgifterna',
      'Skapa databasen',
      'Skapa tabellerna',
      'Ta bort det som hann skapas',
    ]);
    expect(screen.getByText('Uppsättningen misslyckades i steget Skapa tabellerna: relation already exists')).toBeTruthy();
  });

  it('shows no empty provisioning section for an orchestra without a workflow, and names the plans', async () => {
    stubApi(() => detail());
    renderPage();
    await screen.findByRole('heading', { name: 'Testorkestern' });
    expect(screen.queryByRole('heading', { name: 'Uppsättning' })).toBeNull();
    const plan = screen.getByLabelText('Plan') as HTMLSelectElement;
    expect([...plan.options].map((o) => o.textContent)).toEqual(['Liten', 'Mellan', 'Institution']);
    expect(document.getElementById(plan.getAttribute('aria-describedby')!)!.textContent).toBe('Högst 50 musiker, 5 aktiva projekt och 2 administratörer.');
    fireEvent.change(plan, { target: { value: 'medium' } });
    expect(document.getElementById(plan.getAttribute('aria-describedby')!)!.textContent).toBe('Högst 200 musiker, 20 aktiva projekt och 5 administratörer.');
  });

  it('asks before suspending, says what happened and puts the focus on it', async () => {
    let current = detail();
    const fetch = stubApi(
      () => current,
      (url) => {
        if (url.endsWith('/suspend')) current = detail({ status: 'suspended' });
        return new Response(null, { status: 204 });
      },
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Stäng av' }));
    const question = screen.getByRole('group', { name: 'Stäng av' });
    expect(question.textContent).toContain('Stänga av Testorkestern?');
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0);
    fireEvent.click(within(question).getByRole('button', { name: 'Stäng av' }));
    const notice = await screen.findByText('Testorkestern är avstängd. Administratörer och svarslänkar får veta det inom en halv minut.');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)).toEqual([`${base}/suspend`]);
    expect(screen.getByRole('button', { name: 'Återaktivera' })).toBeTruthy();
  });

  it('archives only after a question in the page, not a browser dialog', async () => {
    const dialog = vi.fn(() => true);
    vi.stubGlobal('confirm', dialog);
    const fetch = stubApi(() => detail());
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Arkivera' }));
    expect(screen.getByText('Arkivera Testorkestern? Adressen slutar svara; databasen behålls.')).toBeTruthy();
    fireEvent.click(within(screen.getByRole('group', { name: 'Arkivera' })).getByRole('button', { name: 'Arkivera' }));
    await waitFor(() => expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)).toEqual([`${base}/archive`]));
    expect(dialog).not.toHaveBeenCalled();
  });

  it('says a wrong address names no orchestra, with a way back, instead of an English error to retry', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(404, { error: { code: 'not_found', message: `No orchestra with id ${id}.` } })));
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toBe('Det finns ingen sådan orkester. Länken kan vara gammal eller avkortad.');
    expect(screen.getByRole('link', { name: 'Till alla orkestrar' }).getAttribute('href')).toBe('/orchestras');
    expect(screen.queryByRole('button', { name: 'Försök igen' })).toBeNull();
  });

  it('keeps the page, and the focus in it, while it polls the provisioning', async () => {
    let polls = 0;
    const running = () =>
      detail({
        status: 'provisioning',
        figures: null,
        health: { status: 'not_applicable' },
        provisioning: { executionId: 'x', status: 'RUNNING', startedAt: '2026-12-01T10:00:00Z', steps: [step('Validate'), step('CreateDatabase', polls++ > 0 ? 'succeeded' : 'running')] },
      });
    const fetch = stubApi(running);
    renderPage();
    const plan = (await screen.findByLabelText('Plan')) as HTMLSelectElement;
    plan.focus();
    await waitFor(() => expect(fetch.mock.calls.filter(([url]) => url === base).length).toBeGreaterThan(1), { timeout: 4000 });
    await waitFor(() => expect(screen.getAllByText(/— klart$/)).toHaveLength(2));
    expect(screen.getByLabelText('Plan')).toBe(plan);
    expect(document.activeElement).toBe(plan);
  });
});
