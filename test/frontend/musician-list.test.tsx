import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import MusiciansPage from '../../frontend/src/pages/admin/musicians';
import { cello, jsonResponse, musician, stubApi, violin } from './musician-fixtures';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const plan = { resource: 'musicians', used: 12, limit: 50, warning: false };

describe('musician list', () => {
  it('shows each musician with code, qualifications and a marker on a failing address', async () => {
    stubApi({
      'GET /api/instruments': () => jsonResponse(200, { items: [violin, cello], total: 2 }),
      'GET /api/musicians': () =>
        jsonResponse(200, {
          items: [
            musician(),
            musician({
              id: '00000000-0000-4000-8000-0000000000a2',
              code: 'MUS007',
              firstName: 'Erik',
              lastName: 'Lund',
              name: 'Erik Lund',
              email: 'erik@bounce.example',
              emailStatus: 'failing',
              emailStatusChangedAt: '2026-03-14T09:00:00Z',
              active: false,
              status: 'inactive',
            }),
          ],
          total: 2,
          plan,
        }),
    });
    renderAt('/musicians', '/musicians', MusiciansPage);
    const anna = (await screen.findByRole('link', { name: 'Berg, Anna' })).closest('tr')!;
    expect(within(anna).getByText('MUS004')).toBeTruthy();
    expect(anna.textContent).toContain('Tutti violin 1');
    expect(anna.textContent).not.toContain('studsar');
    const erik = screen.getByRole('link', { name: 'Lund, Erik' }).closest('tr')!;
    expect(within(erik).getByText('E-post studsar sedan 2026-03-14')).toBeTruthy();
    expect(erik.textContent).toContain('inaktiv');
    expect(screen.getByText('Visar 1–2 av 2')).toBeTruthy();
    // A row's only control is its musician's link, named after the musician (no bare repeated buttons).
    for (const row of [anna, erik]) {
      expect(within(row).queryAllByRole('button')).toEqual([]);
      expect(within(row).getAllByRole('link')).toHaveLength(1);
    }
  });

  it('sends the search and filters, warns near the plan limit and says when nothing matches', async () => {
    const fetch = stubApi({
      'GET /api/instruments': () => jsonResponse(200, { items: [violin, cello], total: 2 }),
      'GET /api/musicians': () => jsonResponse(200, { items: [], total: 0, plan: { ...plan, used: 45, warning: true } }),
    });
    renderAt('/musicians', '/musicians', MusiciansPage);
    expect(await screen.findByText(/Inga musiker matchar/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('45 av de 50');
    await screen.findByRole('option', { name: 'Cello' });
    fireEvent.change(screen.getByLabelText('Instrument'), { target: { value: cello.id } });
    fireEvent.input(screen.getByLabelText('Sök'), { target: { value: 'berg' } });
    fireEvent.submit(screen.getByRole('search'));
    await vi.waitFor(() => {
      const last = new URL(String(fetch.mock.calls.at(-1)![0]), 'http://localhost');
      expect(last.pathname).toBe('/api/musicians');
      expect(last.searchParams.get('search')).toBe('berg');
      expect(last.searchParams.get('instrumentId')).toBe(cello.id);
    });
  });

  it("shows the server's message when the list cannot be read", async () => {
    stubApi({
      'GET /api/instruments': () => jsonResponse(200, { items: [], total: 0 }),
      'GET /api/musicians': () => jsonResponse(503, { error: { code: 'unavailable', message: 'The orchestra database is not reachable.' } }),
    });
    renderAt('/musicians', '/musicians', MusiciansPage);
    expect((await screen.findByRole('alert')).textContent).toContain('The orchestra database is not reachable.');
  });
});
