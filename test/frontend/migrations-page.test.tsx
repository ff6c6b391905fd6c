import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MigrationOverview } from '../../frontend/src/api/superadmin-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import MigrationsPage from '../../frontend/src/pages/superadmin/migrations';
import { backupTime } from '../../frontend/src/pages/superadmin/orchestra-backups';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const run = { id: 'run-1', status: 'succeeded' as const, targetVersion: '0006', startedAt: '2026-12-04T14:50:44Z', finishedAt: '2026-12-04T14:50:46Z' };
const overview = (runs = [run]): MigrationOverview => ({
  latestVersion: '0006',
  migrations: [],
  orchestras: [{ id: 'o1', code: 'ORCH001', name: 'Demo', subdomain: 'demo', status: 'active', schemaVersion: '0005', upToDate: false }],
  behind: 2,
  runs,
});

describe('the migrations page', () => {
  it('dates runs in the page language, and moves the focus to the result of a run it starts', async () => {
    const started = { ...run, id: 'run-2', status: 'running' as const };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') return json(202, started);
        if (url.endsWith('/runs/run-2'))
          return json(200, {
            ...started,
            status: 'succeeded',
            succeeded: 1,
            failed: 0,
            results: [{ orchestraId: 'o1', code: 'ORCH001', name: 'Demo', subdomain: 'demo', status: 'succeeded', fromVersion: '0005', toVersion: '0006', applied: ['0006'], error: null }],
          });
        return json(200, overview());
      }),
    );
    render(() => <MigrationsPage />);
    expect(await screen.findByText('Orkestrar som ligger efter: 2.')).toBeTruthy();
    expect(screen.getByRole('button', { name: backupTime(run.startedAt) })).toBeTruthy();
    expect(backupTime(run.startedAt)).toMatch(/^4 dec\. 2026/);

    fireEvent.click(screen.getByRole('button', { name: 'Migrera alla' }));
    const heading = await screen.findByRole('heading', { name: 'Resultat: klar' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });
});
