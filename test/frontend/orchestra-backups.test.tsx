import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { OrchestraBackup } from '../../frontend/src/api/superadmin-types';
import { backupSize, backupTime, OrchestraBackups, restoreHref } from '../../frontend/src/pages/superadmin/orchestra-backups';
import OrchestrasPage from '../../frontend/src/pages/superadmin/orchestras';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const orchestraId = '11111111-2222-4333-8444-555555555555';
const keyAt = (stamp: string) => `orchestras/${orchestraId}/backups/${stamp}.json`;
const older: OrchestraBackup = {
  key: keyAt('2026-11-20T10-00-00-000Z'),
  sizeBytes: 1536,
  createdAt: '2026-11-20T10:00:00.000Z',
  createdBy: { userId: 'u1', email: 'root@example.org', name: '' },
};
const newer: OrchestraBackup = { key: keyAt('2026-11-24T08-30-15-000Z'), sizeBytes: 3 * 1024 * 1024 + 200_000, createdAt: '2026-11-24T08:30:15.000Z', createdBy: null };
const base = `/api/superadmin/orchestras/${orchestraId}`;

/** A fetch stub answering by "METHOD path"; records every call. */
function stubApi(answers: Record<string, () => Response>) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const answer = answers[`${init?.method ?? 'GET'} ${url}`];
    if (!answer) throw new Error(`unexpected ${init?.method} ${url}`);
    return answer();
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const renderPanel = (canBackUp = true) =>
  renderAt(`/orchestras/${orchestraId}`, '/orchestras/:id', () => <OrchestraBackups orchestraId={orchestraId} orchestraName="Alfa" plan="medium" canBackUp={canBackUp} />);

describe('orchestra backups panel', () => {
  it('lists the backups with time, size, key and maker, each with a restore link named by its date', async () => {
    stubApi({ [`GET ${base}/backups`]: () => json(200, { items: [newer, older], total: 2 }) });
    renderPanel();
    const rows = within(await screen.findByRole('list', { name: 'Säkerhetskopior' })).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([
      `${backupTime(newer.createdAt)} · 3,2 MB · Gjord av: okändNyckel: ${newer.key}Återställ som ny orkester`,
      `${backupTime(older.createdAt)} · 1,5 KB · Gjord av: root@example.orgNyckel: ${older.key}Återställ som ny orkester`,
    ]);

    const restore = screen.getByRole('link', { name: `Återställ säkerhetskopian från ${backupTime(older.createdAt)} som ny orkester` });
    expect(restore.getAttribute('href')).toBe(restoreHref(older.key, 'medium'));
    expect(restore.getAttribute('href')).toContain('&plan=medium');
    expect(new URL(restore.getAttribute('href')!, 'http://x').searchParams.get('restoreFrom')).toBe(older.key);
    expect(backupTime(older.createdAt)).not.toBe(backupTime(newer.createdAt));
  });

  it('says so when there is none yet, and offers no backup for an orchestra without a database', async () => {
    stubApi({ [`GET ${base}/backups`]: () => json(200, { items: [], total: 0 }) });
    renderPanel(false);
    expect(await screen.findByText('Inga säkerhetskopior ännu.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Säkerhetskopiera nu' })).toBeNull();
    expect(screen.getByText(/Bara aktiva och avstängda orkestrar/)).toBeTruthy();
  });

  it('backs up after a confirmation, then shows the new backup, its row counts and the refreshed list', async () => {
    const made = { key: keyAt('2026-11-25T12-00-00-000Z'), sizeBytes: 2048, schemaVersion: '0007', tables: [{ name: 'musicians', rows: 12 }, { name: 'projects', rows: 3 }] };
    const listed: OrchestraBackup = { key: made.key, sizeBytes: 2048, createdAt: '2026-11-25T12:00:00.000Z', createdBy: { userId: 'u1', email: 'root@example.org', name: '' } };
    let lists = 0;
    const fetch = stubApi({
      [`GET ${base}/backups`]: () => json(200, lists++ === 0 ? { items: [older], total: 1 } : { items: [listed, older], total: 2 }),
      [`POST ${base}/backup`]: () => json(201, made),
    });
    renderPanel();
    await screen.findByText(older.key);
    fireEvent.click(screen.getByRole('button', { name: 'Säkerhetskopiera nu' }));
    const question = screen.getByRole('group', { name: 'Säkerhetskopiera nu' });
    expect(within(question).getByText('Göra en säkerhetskopia av Alfa nu?')).toBeTruthy();
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
    fireEvent.click(within(question).getByRole('button', { name: 'Säkerhetskopiera nu' }));

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain(`Säkerhetskopian är klar: ${made.key} (2 KB).`);
    expect(within(status).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['musicians: 12', 'projects: 3']);
    const list = () => within(screen.getByRole('list', { name: 'Säkerhetskopior' })).getAllByRole('listitem');
    await waitFor(() => expect(list()).toHaveLength(2));
    expect(list()[0].textContent).toContain(made.key);
    expect(fetch).toHaveBeenCalledWith(`${base}/backup`, expect.objectContaining({ method: 'POST' }));
  });

  it("shows the server's message when the backup fails", async () => {
    stubApi({
      [`GET ${base}/backups`]: () => json(200, { items: [], total: 0 }),
      [`POST ${base}/backup`]: () => json(409, { error: { code: 'wrong_status', message: 'Alfa is archived: it has no database to back up.' } }),
    });
    renderPanel();
    await screen.findByText('Inga säkerhetskopior ännu.');
    fireEvent.click(screen.getByRole('button', { name: 'Säkerhetskopiera nu' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Säkerhetskopiera nu' })).getByRole('button', { name: 'Säkerhetskopiera nu' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Alfa is archived: it has no database to back up.');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('formats sizes in KB below a megabyte and MB above, in the chosen language', () => {
    expect(backupSize(512)).toBe('0,5 KB');
    expect(backupSize(10)).toBe('0,1 KB');
    setLocale('en', false);
    expect(backupSize(1024 * 1024 * 1.25)).toBe('1.3 MB');
  });
});

describe('create orchestra form, restoring a backup', () => {
  const emptyList = () => json(200, { items: [], total: 0, totals: { byStatus: {}, musicians: 0, activeProjects: 0, pendingRequests: 0, unreachable: 0 } });

  it('opens filled in from ?restoreFrom and sends the key with the new orchestra', async () => {
    const fetch = stubApi({
      'GET /api/superadmin/orchestras?limit=100': emptyList,
      'POST /api/superadmin/orchestras': () => json(202, { orchestra: { id: orchestraId }, execution: { executionId: 'x' } }),
    });
    renderAt(`/orchestras?restoreFrom=${encodeURIComponent(older.key)}`, '/orchestras', OrchestrasPage);
    expect(await screen.findByRole('heading', { name: 'Ny orkester från säkerhetskopia' })).toBeTruthy();
    expect((screen.getByLabelText('Återställ från säkerhetskopia (nyckel)') as HTMLInputElement).value).toBe(older.key);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Namn')));

    fireEvent.input(screen.getByLabelText('Namn'), { target: { value: 'Alfa kopia' } });
    fireEvent.input(screen.getByLabelText('Subdomän'), { target: { value: 'alfa-kopia' } });
    fireEvent.input(screen.getByLabelText('Kontaktadress'), { target: { value: 'office@alfa.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/superadmin/orchestras', expect.objectContaining({ method: 'POST' })));
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(post[1]!.body as string)).toEqual({ name: 'Alfa kopia', subdomain: 'alfa-kopia', contactEmail: 'office@alfa.example.org', plan: 'small', restoreFrom: older.key });
  });

  it('refuses a key that names no backup file without asking the server, and sends none when left empty', async () => {
    const fetch = stubApi({
      'GET /api/superadmin/orchestras?limit=100': emptyList,
      'POST /api/superadmin/orchestras': () => json(202, { orchestra: { id: orchestraId }, execution: { executionId: 'x' } }),
    });
    renderAt('/orchestras', '/orchestras', OrchestrasPage);
    expect(await screen.findByRole('heading', { name: 'Ny orkester' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Namn'), { target: { value: 'Beta' } });
    fireEvent.input(screen.getByLabelText('Subdomän'), { target: { value: 'beta' } });
    fireEvent.input(screen.getByLabelText('Kontaktadress'), { target: { value: 'office@beta.example.org' } });
    fireEvent.input(screen.getByLabelText('Återställ från säkerhetskopia (nyckel)'), { target: { value: 'secrets.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    expect(await screen.findByText('måste vara nyckeln till en säkerhetskopia')).toBeTruthy();
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    fireEvent.input(screen.getByLabelText('Återställ från säkerhetskopia (nyckel)'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa orkester' }));
    await waitFor(() => expect(fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true));
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(post[1]!.body as string)).not.toHaveProperty('restoreFrom');
  });
});
