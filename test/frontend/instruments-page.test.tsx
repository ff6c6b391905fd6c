import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InstrumentsPage from '../../frontend/src/pages/admin/instruments';
import type { Instrument } from '../../frontend/src/pages/admin/instruments-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const instrument = (n: number, name: string, positions: Instrument['positions'] = [], archived = false): Instrument => ({
  id: id(n),
  code: `INST00${n}`,
  name,
  sortOrder: n,
  archived,
  archivedAt: archived ? '2026-01-01T00:00:00Z' : null,
  positions,
});
const instruments = [
  instrument(1, 'Violin', [
    { id: id(5), code: 'POS001', name: 'Förste konsertmästare', archived: false },
    { id: id(6), code: 'POS002', name: 'Tutti violin 1', archived: false },
  ]),
  instrument(2, 'Viola'),
  instrument(3, 'Cello'),
  instrument(4, 'Harpa', [], true),
];

/** A fake API: the list, then whatever the test answers for writes. */
function stubApi(write: (method: string, url: string, body: unknown) => Response = () => json(200, {})) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method === 'GET') return json(200, { items: instruments, total: instruments.length });
    return write(method, url, init?.body ? JSON.parse(String(init.body)) : undefined);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const writes = (fetch: ReturnType<typeof stubApi>) =>
  fetch.mock.calls.filter(([, init]) => init?.method && init.method !== 'GET').map(([url, init]) => [init!.method, url, JSON.parse(String(init!.body))]);

describe('instruments page', () => {
  it('moves an instrument down by keyboard: one PUT of the whole order, focus stays on it, the move is announced', async () => {
    const fetch = stubApi();
    renderAt('/instruments', '/instruments', InstrumentsPage);
    const down = await screen.findByRole('button', { name: 'Flytta ned Violin' });
    down.focus();
    fireEvent.click(down);
    await waitFor(() => expect(writes(fetch)).toEqual([['PUT', '/api/instruments/order', { instrumentIds: [id(2), id(1), id(3)] }]]));
    const list = screen.getByRole('list', { name: 'Instrument i partiturordning' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Viola'),
      expect.stringContaining('Violin'),
      expect.stringContaining('Cello'),
    ]);
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Flytta ned Violin'));
    expect(document.activeElement?.closest('li')?.textContent).toContain('Violin');
    expect(screen.getByText('Violin är nu på plats 2.')).toBeTruthy();
  });

  it("moves a position up within its instrument and sends the instrument's seniority order", async () => {
    const fetch = stubApi();
    renderAt('/instruments', '/instruments', InstrumentsPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Flytta upp Tutti violin 1' }));
    await waitFor(() => expect(writes(fetch)).toEqual([['PUT', `/api/instruments/${id(1)}/positions/order`, { positionIds: [id(6), id(5)] }]]));
  });

  it("shows the server's 409 when archiving is refused, and lists archived instruments with restore", async () => {
    stubApi(() => json(409, { error: { code: 'conflict', message: 'Cello (INST003) has open needs: PROJ001.' } }));
    renderAt('/instruments', '/instruments', InstrumentsPage);
    expect(await screen.findByRole('button', { name: 'Återställ Harpa' })).toBeTruthy();
    // Each row's buttons name their row: the first press and the confirming one alike.
    fireEvent.click(screen.getByRole('button', { name: 'Arkivera Cello' }));
    const confirm = screen.getByRole('group', { name: 'Arkivera Cello' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Arkivera Cello' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Cello (INST003) has open needs: PROJ001.');
  });

  it('names every row button after its instrument or position', async () => {
    const fetch = stubApi();
    renderAt('/instruments', '/instruments', InstrumentsPage);
    await screen.findByRole('button', { name: 'Arkivera Violin' });
    for (const name of ['Violin', 'Viola', 'Cello', 'Förste konsertmästare', 'Tutti violin 1']) {
      expect(screen.getByRole('button', { name: `Arkivera ${name}` })).toBeTruthy();
      expect(screen.getByRole('button', { name: `Byt namn på ${name}` })).toBeTruthy();
    }
    expect(screen.queryByRole('button', { name: 'Arkivera' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Arkivera Tutti violin 1' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Arkivera Tutti violin 1' })).getByRole('button', { name: 'Arkivera Tutti violin 1' }));
    await waitFor(() => expect(fetch.mock.calls.some(([url, init]) => init?.method === 'POST' && url === `/api/positions/${id(6)}/archive`)).toBe(true));
  });

  it('names the row buttons in English too', async () => {
    stubApi();
    setLocale('en');
    renderAt('/instruments', '/instruments', InstrumentsPage);
    expect(await screen.findByRole('button', { name: 'Archive Viola' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Rename Tutti violin 1' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore Harpa' })).toBeTruthy();
  });
});
