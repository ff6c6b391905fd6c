import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import RankingListsPage from '../../frontend/src/pages/admin/ranking-lists';
import type { Position, RankingList, RankingListEntry } from '../../frontend/src/pages/admin/projects-types';
import { renderAt } from './render-at';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const flute = { id: id(10), code: 'INST005', name: 'Flöjt', archived: false };
const position: Position = { id: id(20), code: 'POS020', name: 'Soloflöjt', archived: false, instrument: flute, lists: { A: id(30), B: id(31), C: id(32) } };
const musician = (n: number, name: string): RankingListEntry => ({ rank: 0, musicianId: id(n), code: `MUS00${n - 100}`, name, active: true, archived: false, localResident: false });
const anna = musician(101, 'Anna Berg');
const bo = musician(102, 'Bo Ek');
const cecilia = musician(103, 'Cecilia Lind');
const listA = (entries: RankingListEntry[]): RankingList => ({
  id: id(30),
  code: 'LIST060',
  kind: 'A',
  label: 'A',
  description: 'Förstahandsval',
  position: { id: position.id, code: position.code, name: position.name },
  instrument: { id: flute.id, name: flute.name },
  project: null,
  archived: false,
  usedByNeeds: 0,
  entries: entries.map((e, i) => ({ ...e, rank: i + 1 })),
});
const listB: RankingList = { ...listA([]), id: id(31), code: 'LIST061', kind: 'B', label: 'B', description: '' };

const candidates = [
  { id: anna.musicianId, code: anna.code, name: anna.name, status: 'active' },
  { id: id(104), code: 'MUS004', name: 'Dag Holm', status: 'active' },
];

/** The positions, the position's lists and qualified musicians; PUTs answered by `onPut`. */
function stubApi(onPut: (body: { musicianIds: string[] }) => Response) {
  const puts: { url: string; body: { musicianIds: string[] } }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      if (init?.method === 'PUT') {
        const body = JSON.parse(String(init.body));
        puts.push({ url: url.pathname, body });
        return onPut(body);
      }
      if (url.pathname === '/api/positions') return json(200, { items: [position], total: 1 });
      if (url.pathname === '/api/ranking-lists') return json(200, { items: [listA([anna, bo, cecilia]), listB], total: 2 });
      if (url.pathname === `/api/ranking-lists/${id(30)}`) return json(200, listA([anna, bo, cecilia]));
      if (url.pathname === '/api/musicians') return json(200, { items: candidates, total: candidates.length });
      if (init?.method === 'POST' && url.pathname === `/api/ranking-lists/${id(30)}/entries`) {
        return json(422, { error: { code: 'not_qualified', message: 'Dag Holm is not qualified for Soloflöjt.' } });
      }
      return json(404, { error: { code: 'not_found', message: 'no such route' } });
    }),
  );
  return puts;
}

const order = () => [...document.querySelectorAll('.sortable-row .sortable-content > span:first-child')].map((el) => el.textContent);

describe('ranking lists', () => {
  it('moves a musician with the keyboard buttons: one PUT of the whole order, focus kept on the moved row', async () => {
    const byId = new Map([anna, bo, cecilia].map((m) => [m.musicianId, m]));
    const puts = stubApi((body) => json(200, listA(body.musicianIds.map((m) => byId.get(m)!))));
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);

    expect(await screen.findByRole('tab', { name: /^A/, selected: true })).toBeTruthy();
    expect(order()).toEqual(['Anna Berg', 'Bo Ek', 'Cecilia Lind']);
    expect((screen.getByRole('button', { name: 'Flytta upp Anna Berg' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Flytta ned Anna Berg' }));
    expect(order()).toEqual(['Bo Ek', 'Anna Berg', 'Cecilia Lind']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Flytta ned Anna Berg' })));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toEqual({ url: `/api/ranking-lists/${id(30)}/order`, body: { musicianIds: [bo.musicianId, anna.musicianId, cecilia.musicianId] } });
    expect(screen.getByText('Anna Berg är nu på plats 2.')).toBeTruthy();

    // At the bottom "down" no longer works, so the focus goes to "up" on the same musician.
    fireEvent.click(screen.getByRole('button', { name: 'Flytta ned Anna Berg' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Flytta upp Anna Berg' })));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1].body.musicianIds).toEqual([bo.musicianId, cecilia.musicianId, anna.musicianId]);
    expect(order()).toEqual(['Bo Ek', 'Cecilia Lind', 'Anna Berg']);
  });

  it("shows the server's refusal and goes back to the stored order", async () => {
    stubApi(() => json(409, { error: { code: 'list_changed', message: 'The list changed meanwhile; reload it.' } }));
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Flytta upp Cecilia Lind' }));
    expect(order()).toEqual(['Anna Berg', 'Cecilia Lind', 'Bo Ek']);
    expect((await screen.findByRole('alert')).textContent).toContain('The list changed meanwhile; reload it.');
    await waitFor(() => expect(order()).toEqual(['Anna Berg', 'Bo Ek', 'Cecilia Lind']));
    expect(screen.getByRole('alert').textContent).toContain('The list changed meanwhile; reload it.');
  });

  it("offers qualified musicians not yet on the list, and shows the server's refusal", async () => {
    stubApi(() => json(500, {}));
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);
    const add = await screen.findByRole('button', { name: 'Lägg till Dag Holm' });
    expect(screen.queryByRole('button', { name: 'Lägg till Anna Berg' })).toBeNull();
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toContain('Dag Holm is not qualified for Soloflöjt.');
  });

  it("names every row's buttons after its musician", async () => {
    stubApi(() => json(500, {}));
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);
    await screen.findByRole('button', { name: 'Ta bort Anna Berg' });
    for (const name of ['Anna Berg', 'Bo Ek', 'Cecilia Lind']) {
      for (const action of ['Flytta upp', 'Flytta ned', 'Ta bort']) expect(screen.getByRole('button', { name: `${action} ${name}` })).toBeTruthy();
    }
    expect(await screen.findByRole('button', { name: 'Lägg till Dag Holm' })).toBeTruthy();
    // No row button is left with only its symbol as a name.
    for (const symbol of ['✕', '+', '↑', '↓']) expect(screen.queryByRole('button', { name: symbol })).toBeNull();
  });

  it('asks before taking a musician off the list, and removes only on the answer', async () => {
    stubApi(() => json(500, {}));
    const deletes: string[] = [];
    const stubbed = globalThis.fetch as unknown as (input: string, init?: RequestInit) => Promise<Response>;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        if (init?.method !== 'DELETE') return stubbed(input, init);
        deletes.push(new URL(input, 'http://localhost').pathname);
        return json(200, listA([anna, cecilia]));
      }),
    );
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Ta bort Bo Ek' }));
    const ask = screen.getByRole('group', { name: 'Ta bort Bo Ek' });
    expect(ask.textContent).toContain('Ta bort Bo Ek från listan? Läggs hen till igen hamnar hen sist.');
    fireEvent.click(screen.getByRole('button', { name: 'Avbryt' }));
    expect(deletes).toEqual([]);
    expect(order()).toEqual(['Anna Berg', 'Bo Ek', 'Cecilia Lind']);

    fireEvent.click(screen.getByRole('button', { name: 'Ta bort Bo Ek' }));
    const confirm = screen.getByRole('group', { name: 'Ta bort Bo Ek' }).querySelector('button.danger') as HTMLButtonElement;
    expect(confirm.textContent).toBe('Ta bort');
    fireEvent.click(confirm);
    await waitFor(() => expect(order()).toEqual(['Anna Berg', 'Cecilia Lind']));
    expect(deletes).toEqual([`/api/ranking-lists/${id(30)}/entries/${bo.musicianId}`]);
  });

  it('speaks English when chosen', async () => {
    stubApi(() => json(500, {}));
    setLocale('en');
    renderAt(`/lists?positionId=${position.id}`, '/lists', RankingListsPage);
    expect(await screen.findByRole('button', { name: 'Move Bo Ek down' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Ranking lists' })).toBeTruthy();
  });
});
