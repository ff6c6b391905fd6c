import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { NeedEditor } from '../../frontend/src/pages/admin/need-editor';
import type { Need, Position, RankingList } from '../../frontend/src/pages/admin/projects-types';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const projectId = id(1);
const violin = { id: id(10), code: 'INST001', name: 'Violin', archived: false };
const positions: Position[] = [
  { id: id(20), code: 'POS001', name: 'Tutti violin 1', archived: false, instrument: violin, lists: { A: id(30), B: id(31), C: id(32) } },
  { id: id(21), code: 'POS002', name: 'Tutti violin 2', archived: false, instrument: violin, lists: { A: id(40), B: id(41), C: id(42) } },
];
const list = (listId: string, position: Position, kind: RankingList['kind'], code: string): RankingList => ({
  id: listId,
  code,
  kind,
  label: kind,
  description: '',
  position: { id: position.id, code: position.code, name: position.name },
  instrument: { id: violin.id, name: violin.name },
  project: null,
  archived: false,
  usedByNeeds: 0,
  entries: [],
});
const listsByPosition: Record<string, RankingList[]> = {
  [id(20)]: [list(id(30), positions[0], 'A', 'LIST001'), list(id(31), positions[0], 'B', 'LIST002'), list(id(33), positions[0], 'custom', 'LIST009')],
  [id(21)]: [list(id(40), positions[1], 'A', 'LIST004'), list(id(41), positions[1], 'B', 'LIST005')],
};

/** Answers the list lookups by position and records every write. */
function stubApi() {
  const writes: { method: string; url: string; body: unknown }[] = [];
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    if (url.pathname === '/api/ranking-lists') {
      const items = listsByPosition[url.searchParams.get('positionId') ?? ''] ?? [];
      return json(200, { items, total: items.length });
    }
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    writes.push({ method: init?.method ?? 'GET', url: url.pathname, body });
    return json(200, { id: id(99), ...body });
  });
  vi.stubGlobal('fetch', fetch);
  return writes;
}

const optionTexts = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent);

describe('need editor', () => {
  it("offers only the chosen position's lists and a wave size only for first come", async () => {
    const writes = stubApi();
    const onSaved = vi.fn();
    render(() => <NeedEditor projectId={projectId} positions={positions} onSaved={onSaved} onCancel={() => {}} />);

    fireEvent.change(screen.getByLabelText('Position'), { target: { value: id(20) } });
    await waitFor(() => expect(optionTexts(screen.getByLabelText('Lista'))).toEqual(['A – 0 musiker', 'B – 0 musiker', 'Egen (LIST009) – 0 musiker']));
    fireEvent.change(screen.getByLabelText('Position'), { target: { value: id(21) } });
    await waitFor(() => expect(optionTexts(screen.getByLabelText('Lista'))).toEqual(['A – 0 musiker', 'B – 0 musiker']));
    expect((screen.getByLabelText('Lista') as HTMLSelectElement).value).toBe(id(40));

    expect(screen.queryByLabelText('Högst antal mottagare per omgång')).toBeNull();
    fireEvent.click(screen.getByLabelText('Först till kvarn'));
    const wave = screen.getByLabelText('Högst antal mottagare per omgång');
    fireEvent.input(wave, { target: { value: '6' } });
    // Leaving first come drops the wave size: a sequential need sends none.
    fireEvent.click(screen.getByLabelText('En i taget'));
    expect(screen.queryByLabelText('Högst antal mottagare per omgång')).toBeNull();
    fireEvent.input(screen.getByLabelText('Antal (Q)'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara behovet' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(writes).toEqual([
      {
        method: 'POST',
        url: `/api/projects/${projectId}/needs`,
        body: { positionId: id(21), listId: id(40), quantity: 2, strategy: 'sequential', maxRecipients: null, responseHours: 48, localResidentsOnly: false },
      },
    ]);
  });

  it('refuses a first-come wave smaller than the quantity before sending', async () => {
    const writes = stubApi();
    render(() => <NeedEditor projectId={projectId} positions={positions} onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('Position'), { target: { value: id(20) } });
    await waitFor(() => expect((screen.getByLabelText('Lista') as HTMLSelectElement).value).toBe(id(30)));
    fireEvent.input(screen.getByLabelText('Antal (Q)'), { target: { value: '4' } });
    fireEvent.click(screen.getByLabelText('Först till kvarn'));
    fireEvent.input(screen.getByLabelText('Högst antal mottagare per omgång'), { target: { value: '3' } });
    fireEvent.input(screen.getByLabelText('Svarstid (timmar)'), { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara behovet' }));

    expect(await screen.findByText('måste vara minst antalet platser (4), eller tomt för alla som kan tillfrågas')).toBeTruthy();
    expect(screen.getByText('måste vara ett helt antal timmar från 1 till 4500')).toBeTruthy();
    expect(screen.getByLabelText('Högst antal mottagare per omgång').getAttribute('aria-invalid')).toBe('true');
    expect(writes).toEqual([]);
  });

  it('shows strategy and list read-only once sent, and keeps the quantity at or above the accepted', async () => {
    const writes = stubApi();
    const sent: Need = {
      id: id(50),
      code: 'NEED007',
      projectId,
      position: { id: id(20), code: 'POS001', name: 'Tutti violin 1' },
      instrument: { id: violin.id, name: 'Violin' },
      list: { id: id(30), code: 'LIST001', kind: 'A', label: 'A' },
      quantity: 3,
      strategy: 'parallel',
      maxRecipients: null,
      responseHours: 48,
      localResidentsOnly: false,
      status: 'active',
      firstSentAt: '2026-11-20T10:00:00Z',
      locked: true,
      accepted: 2,
      pending: 1,
    };
    const onSaved = vi.fn();
    render(() => <NeedEditor projectId={projectId} positions={positions} need={sent} onSaved={onSaved} onCancel={() => {}} />);

    expect(screen.getByText('Förfrågningar har skickats, så strategi, lista och position ligger fast.')).toBeTruthy();
    expect(screen.getByText('Parallellt')).toBeTruthy();
    expect(screen.queryByLabelText('En i taget')).toBeNull();
    expect(screen.queryByLabelText('Position')).toBeNull();
    expect(screen.queryByLabelText('Lista')).toBeNull();

    fireEvent.input(screen.getByLabelText('Antal (Q)'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara behovet' }));
    expect(await screen.findByText('Kan inte bli lägre än 2 (redan accepterat).', { selector: '.field-error' })).toBeTruthy();
    expect(writes).toEqual([]);

    fireEvent.input(screen.getByLabelText('Antal (Q)'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara behovet' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(writes).toEqual([
      {
        method: 'PATCH',
        url: `/api/projects/${projectId}/needs/${id(50)}`,
        body: { quantity: 4, maxRecipients: null, responseHours: 48, localResidentsOnly: false },
      },
    ]);
  });
});
