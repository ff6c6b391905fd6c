import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { CustomListForm } from '../../frontend/src/pages/admin/custom-list-form';
import RankingListsPage from '../../frontend/src/pages/admin/ranking-lists';
import type { Position, Project, RankingList, RankingListEntry } from '../../frontend/src/pages/admin/projects-types';
import { renderAt } from './render-at';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const bassoon = { id: id(10), code: 'INST009', name: 'Fagott', archived: false };
const position: Position = { id: id(20), code: 'POS031', name: 'Solofagott', archived: false, instrument: bassoon, lists: { A: id(30), B: id(31), C: null } };
const project: Project = {
  id: id(40),
  code: 'PROJ009',
  name: 'Julkonsert',
  startDate: '2026-12-13',
  isoWeek: 50,
  rehearsalSchedule: '',
  concertInfo: '',
  notes: '',
  paused: false,
  archived: false,
  archivedAt: null,
  staffing: { accepted: 0, needed: 0, pending: 0, needs: 0 },
};
const entry = (n: number, name: string, rank: number): RankingListEntry => ({
  rank,
  musicianId: id(n),
  code: `MUS${n}`,
  name,
  active: true,
  archived: false,
  localResident: false,
});
const list = (n: number, kind: RankingList['kind'], entries: RankingListEntry[], owner: RankingList['project'] = null): RankingList => ({
  id: id(n),
  code: `LIST${n}`,
  kind,
  label: kind === 'custom' ? `Custom (${owner?.code})` : kind,
  description: '',
  position: { id: position.id, code: position.code, name: position.name },
  instrument: { id: bassoon.id, name: bassoon.name },
  project: owner,
  archived: false,
  usedByNeeds: 0,
  entries,
});
const anna = entry(101, 'Anna Berg', 1);
const bo = entry(102, 'Bo Ek', 2);
const listA = list(30, 'A', [anna, bo]);
const listB = list(31, 'B', []);
// Earlier projects' lists of the same position, oldest first here: the form shows the newest first.
const spring = list(50, 'custom', [bo], { id: id(60), code: 'PROJ003', name: 'Vårkonsert', startDate: '2026-03-14' });
const autumn = list(51, 'custom', [bo, anna], { id: id(61), code: 'PROJ007', name: 'Höstkonsert', startDate: '2026-10-01' });
const created = list(52, 'custom', [bo, anna], { id: project.id, code: project.code, name: project.name, startDate: project.startDate });

/** The API as the page asks it; POSTs of custom lists answered by `onCreate` and recorded. */
function stubApi(onCreate: (body: unknown) => Response) {
  const posts: { url: string; body: unknown }[] = [];
  let made = false;
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body));
      posts.push({ url: url.pathname, body });
      const res = onCreate(body);
      made = res.ok;
      return res;
    }
    if (url.pathname === '/api/positions') return json(200, { items: [position], total: 1 });
    if (url.pathname === `/api/projects/${project.id}`) return json(200, project);
    if (url.pathname === '/api/musicians') return json(200, { items: [], total: 0 });
    if (url.pathname === '/api/ranking-lists') {
      if (url.searchParams.get('allCustom') === 'true') return json(200, { items: [listA, listB, spring, autumn], total: 4 });
      const items = made ? [listA, listB, created] : [listA, listB];
      return json(200, { items, total: items.length });
    }
    return json(404, { error: { code: 'not_found', message: 'no such route' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { posts, fetch };
}

const optionTexts = (select: HTMLElement) => [...select.querySelectorAll('option')].map((o) => o.textContent);

describe("a project's custom list", () => {
  it('offers empty, the A/B lists and earlier custom lists (newest first), and copies an earlier one', async () => {
    const { posts, fetch } = stubApi(() => json(201, created));
    renderAt(`/lists?positionId=${position.id}&projectId=${project.id}`, '/lists', RankingListsPage);

    const copy = await screen.findByRole('combobox', { name: 'Utgå från' });
    await waitFor(() => expect(optionTexts(copy)).toHaveLength(5));
    expect(optionTexts(copy)).toEqual([
      'Tom lista',
      'Lista A (2 musiker)',
      'Lista B (0 musiker)',
      'Höstkonsert (PROJ007) · 2026-10-01 · 2 musiker',
      'Vårkonsert (PROJ003) · 2026-03-14 · 1 musiker',
    ]);
    expect([...copy.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Positionens listor', 'Tidigare projekts egna listor, nyast först']);
    const asked = fetch.mock.calls.map(([u]) => new URL(u, 'http://localhost')).find((u) => u.searchParams.get('allCustom') === 'true')!;
    expect(asked.searchParams.get('positionId')).toBe(position.id);

    fireEvent.change(copy, { target: { value: autumn.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa egen lista' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: `/api/projects/${project.id}/custom-lists`, body: { positionId: position.id, copyFromListId: autumn.id } });

    // The new list is shown for editing, as the project's own tab, and the form is gone.
    expect(await screen.findByRole('tab', { name: /^Egen \(PROJ009\)/, selected: true })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { name: /Solofagott · Egen \(PROJ009\)/ })).toBe(document.activeElement));
    expect(screen.getByText('Listan LIST52 är skapad.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Skapa egen lista' })).toBeNull();
    expect(within(screen.getByRole('tabpanel')).getByRole('button', { name: 'Ta bort Bo Ek' })).toBeTruthy();
  });

  it('sends no source for an empty list, and shows the server\'s refusal', async () => {
    const { posts } = stubApi(() => json(409, { error: { code: 'custom_list_exists', message: 'PROJ009 already has a custom list for Solofagott (LIST52); edit that one.' } }));
    renderAt(`/lists?positionId=${position.id}&projectId=${project.id}`, '/lists', RankingListsPage);
    const copy = await screen.findByRole('combobox', { name: 'Utgå från' });
    await waitFor(() => expect(optionTexts(copy)).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'Skapa egen lista' }));
    expect((await screen.findByRole('alert')).textContent).toContain('PROJ009 already has a custom list for Solofagott (LIST52); edit that one.');
    expect(posts).toEqual([{ url: `/api/projects/${project.id}/custom-lists`, body: { positionId: position.id, copyFromListId: null } }]);
  });

  it('on the project page: asks for the position first, and offers its lists once chosen', async () => {
    const { posts } = stubApi(() => json(201, created));
    renderAt('/projects/x', '/projects/x', () => <CustomListForm projectId={project.id} positions={[position]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Skapa egen lista' }));
    expect(await screen.findByText('måste fyllas i')).toBeTruthy();
    expect(posts).toEqual([]);
    expect(optionTexts(screen.getByRole('combobox', { name: 'Utgå från' }))).toEqual(['Tom lista']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Position' }), { target: { value: position.id } });
    await waitFor(() => expect(optionTexts(screen.getByRole('combobox', { name: 'Utgå från' }))).toHaveLength(5));
    fireEvent.change(screen.getByRole('combobox', { name: 'Utgå från' }), { target: { value: spring.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa egen lista' }));
    expect((await screen.findByRole('status')).textContent).toContain('Listan LIST52 är skapad.');
    expect(screen.getByRole('link', { name: 'Projektets listor' }).getAttribute('href')).toBe(`/lists?positionId=${position.id}&projectId=${project.id}&listId=${created.id}`);
    expect(posts[0].body).toEqual({ positionId: position.id, copyFromListId: spring.id });
  });

  it('speaks English when chosen', async () => {
    stubApi(() => json(201, created));
    setLocale('en');
    renderAt(`/lists?positionId=${position.id}&projectId=${project.id}`, '/lists', RankingListsPage);
    const copy = await screen.findByRole('combobox', { name: 'Start from' });
    await waitFor(() => expect(optionTexts(copy)).toHaveLength(5));
    expect(optionTexts(copy)[3]).toBe('Höstkonsert (PROJ007) · 2026-10-01 · 2 musicians');
  });
});
