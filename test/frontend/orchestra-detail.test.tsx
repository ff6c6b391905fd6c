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
  provisionedWith: { adminEmail: 'kontakt@test1.example.org', adminName: null, restoreFrom: null },
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

  it('says when the orchestra holds more than its plan allows (a restore or a smaller plan), and for the plan being picked', async () => {
    stubApi(() => detail({ plan: 'small', admins: 2, figures: { musicians: 150, activeProjects: 6, pendingRequests: 0, lastActivityAt: null, schemaVersion: '0006' } }));
    renderPage();
    const warning = await screen.findByText(/Orkestern har mer än planen tillåter/);
    expect(warning.textContent).toBe('Orkestern har mer än planen tillåter: 150 musiker (högst 50), 6 aktiva projekt (högst 5). Inget tas bort, men inget mer av det kan läggas till.');
    expect(screen.getByLabelText('Plan').getAttribute('aria-describedby')).toBe(`orchestra-plan-help ${warning.id}`);
    fireEvent.change(screen.getByLabelText('Plan'), { target: { value: 'medium' } });
    await waitFor(() => expect(screen.queryByText(/Orkestern har mer än planen tillåter/)).toBeNull());
    fireEvent.change(screen.getByLabelText('Plan'), { target: { value: 'small' } });
    expect(await screen.findByText(/150 musiker \(högst 50\)/)).toBeTruthy();
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
    const notice = await screen.findByText('Testorkestern är avstängd: administratörer och svarslänkar nekas från och med nu.');
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

  describe('provisioning a failed orchestra again', () => {
    const backupKey = `orchestras/${id}/backups/2026-12-01T09-00-00-000Z.json`;
    const failedRestore = () =>
      detail({
        status: 'failed',
        failedStep: 'Seed',
        failureCause: `${backupKey} is not JSON`,
        figures: null,
        health: { status: 'not_applicable' },
        provisioning: { executionId: 'first', status: 'FAILED', startedAt: '2026-12-01T10:00:00Z', steps: [step('Validate'), step('CreateDatabase'), step('Migrate'), step('Seed', 'failed'), step('Compensate')] },
        provisionedWith: { adminEmail: 'forsta@test1.example.org', adminName: 'Första Admin', restoreFrom: backupKey },
      });
    const posts = (fetch: ReturnType<typeof stubApi>) =>
      fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url, init]) => [url, JSON.parse(String(init!.body))]);

    it('says what it will use, posts the changed admin, then follows the new run step by step', async () => {
      let current = failedRestore();
      let polls = 0;
      const fetch = stubApi(
        () => {
          if (current.status !== 'provisioning') return current;
          const done = polls++ > 0;
          if (done) current = detail({ provisionedWith: current.provisionedWith, provisioning: { executionId: 'second', status: 'SUCCEEDED', startedAt: '2026-12-01T11:00:00Z', steps: ['Validate', 'CreateDatabase', 'Migrate', 'Seed', 'Activate', 'InviteAdmin'].map((name) => step(name)) } });
          return done ? current : { ...current, provisioning: { executionId: 'second', status: 'RUNNING', startedAt: '2026-12-01T11:00:00Z', steps: [step('Validate'), step('CreateDatabase', 'running')] } };
        },
        (url) => {
          current = detail({ ...current, status: 'provisioning', failedStep: null, failureCause: null, provisioning: null, provisionedWith: { adminEmail: 'ny@test1.example.org', adminName: null, restoreFrom: backupKey } });
          return json(202, { orchestra: current, execution: { executionId: 'second', status: 'RUNNING' }, url });
        },
      );
      renderPage();
      const section = await screen.findByRole('form', { name: 'Sätt upp igen' });
      const email = within(section).getByLabelText('Första administratör (e-post)') as HTMLInputElement;
      expect(email.value).toBe('forsta@test1.example.org');
      const restore = within(section).getByLabelText(`Återställ från säkerhetskopian ${backupKey}`) as HTMLInputElement;
      expect(restore.checked).toBe(true);
      expect(screen.getByText(`Uppsättningen misslyckades i steget Fyll i grunddata: ${backupKey} is not JSON`)).toBeTruthy();

      fireEvent.input(email, { target: { value: 'ny@test1.example.org' } });
      fireEvent.click(within(section).getByRole('button', { name: 'Sätt upp igen' }));
      await waitFor(() => expect(screen.queryByRole('form', { name: 'Sätt upp igen' })).toBeNull());
      expect(posts(fetch)).toEqual([[`${base}/retry-provisioning`, { adminEmail: 'ny@test1.example.org' }]]);
      expect(screen.getByText('Orkestern sätts upp…')).toBeTruthy();
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Uppsättning' })));
      await waitFor(() => expect(screen.getByText('Skapa databasen', { exact: false }).closest('li')!.textContent).toContain('pågår'), { timeout: 4000 });
      await screen.findByText('Klar: orkestern är aktiv och inbjudan är skickad.', {}, { timeout: 4000 });
      expect(screen.getAllByText(/— klart$/)).toHaveLength(6);
    });

    it('asks for the standard seed when the restore is unticked, and says a vanished backup in the page’s language', async () => {
      const fetch = stubApi(failedRestore, () =>
        json(400, { error: { code: 'validation_failed', message: 'Invalid request.', fields: [{ field: 'restoreFrom', message: `the backup ${backupKey} is gone; name another, or null for the standard seed` }] } }),
      );
      renderPage();
      const section = await screen.findByRole('form', { name: 'Sätt upp igen' });
      fireEvent.input(within(section).getByLabelText('Första administratör (e-post)'), { target: { value: 'inte en adress' } });
      fireEvent.click(within(section).getByRole('button', { name: 'Sätt upp igen' }));
      expect(await within(section).findByText('måste vara en e-postadress')).toBeTruthy();
      expect(posts(fetch)).toEqual([]);

      fireEvent.input(within(section).getByLabelText('Första administratör (e-post)'), { target: { value: 'forsta@test1.example.org' } });
      fireEvent.click(within(section).getByRole('checkbox'));
      fireEvent.click(within(section).getByRole('button', { name: 'Sätt upp igen' }));
      expect(await within(section).findByText(`säkerhetskopian ${backupKey} finns inte längre; välj en annan eller standarddata`)).toBeTruthy();
      expect(posts(fetch)).toEqual([[`${base}/retry-provisioning`, { adminEmail: 'forsta@test1.example.org', restoreFrom: null }]]);
      expect(document.activeElement).toBe(within(section).getByRole('checkbox'));
    });

    it('says when there is no backup to restore, and offers no new run while the failed one is still rolling back', async () => {
      let current = detail({ ...failedRestore(), provisionedWith: { adminEmail: 'kontakt@test1.example.org', adminName: null, restoreFrom: null } });
      current = { ...current, provisioning: { ...current.provisioning!, status: 'RUNNING', steps: [step('Validate'), step('Seed', 'failed'), step('Compensate', 'running')] } };
      const rolledBack = { ...current, provisioning: { ...current.provisioning!, status: 'FAILED' as const, steps: [step('Validate'), step('Seed', 'failed'), step('Compensate')] } };
      let polls = 0;
      stubApi(() => (polls++ > 0 ? rolledBack : current));
      renderPage();
      await screen.findByText('Uppsättningen misslyckades', { exact: false });
      expect(screen.queryByRole('form', { name: 'Sätt upp igen' })).toBeNull();
      const section = await screen.findByRole('form', { name: 'Sätt upp igen' }, { timeout: 4000 });
      expect(within(section).getByText('Orkestern får standarddata (ingen säkerhetskopia återställs).')).toBeTruthy();
      expect(within(section).queryByRole('checkbox')).toBeNull();
    });
  });
});
