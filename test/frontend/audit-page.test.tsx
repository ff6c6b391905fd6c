import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AuditPage from '../../frontend/src/pages/admin/audit';
import type { AuditItem } from '../../frontend/src/pages/admin/audit-types';
import { auditChanges } from '../../frontend/src/pages/admin/audit-diff';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const entry: AuditItem = {
  id: 7,
  at: '2026-11-20T10:00:00Z',
  actor: { userId: null, email: 'admin@example.org' },
  action: 'settings.update',
  entityType: 'settings',
  entityId: null,
  before: { reminderPercent: 75, timeZone: 'Europe/Stockholm' },
  after: { reminderPercent: 60, timeZone: 'Europe/Stockholm' },
};

describe('audit log', () => {
  it('lists only the changed keys of an entry', () => {
    expect(auditChanges({ a: 1, b: 'x' }, { a: 2, b: 'x', c: true })).toEqual([
      { key: 'a', before: 1, after: 2 },
      { key: 'c', before: undefined, after: true },
    ]);
    expect(auditChanges(null, { name: 'Viola' })).toEqual([{ key: 'name', before: undefined, after: 'Viola' }]);
  });

  it('filters, pages and expands a row into old → new', async () => {
    const fetch = vi.fn(async () => json(200, { items: [entry], total: 30 }));
    vi.stubGlobal('fetch', fetch);
    renderAt('/audit', '/audit', AuditPage);
    // The toggle names its row (the action in words and its time), as every row has one.
    const at = new Date(entry.at).toLocaleString('sv-SE');
    fireEvent.click(await screen.findByRole('button', { name: `Visa ändringar (1) för Inställningar ändrades ${at}` }));
    expect(screen.getByRole('button', { name: `Dölj ändringar för Inställningar ändrades ${at}` }).getAttribute('aria-expanded')).toBe('true');
    const changes = document.getElementById('audit-changes-7')!.querySelector('tbody')!;
    expect(within(changes).getByRole('rowheader').textContent).toBe('reminderPercent');
    expect(within(changes).getAllByRole('cell').map((c) => c.textContent)).toEqual(['75', '→ 60']);

    fireEvent.input(screen.getByLabelText('Utförd av (e-post)'), { target: { value: 'admin@' } });
    fireEvent.input(screen.getByLabelText('Från och med'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtrera' }));
    await waitFor(() => expect(fetch).toHaveBeenLastCalledWith('/api/audit?actor=admin%40&from=2026-11-01&limit=25&offset=0', expect.anything()));
    fireEvent.click(await screen.findByRole('button', { name: 'Nästa' }));
    await waitFor(() => expect(fetch).toHaveBeenLastCalledWith('/api/audit?actor=admin%40&from=2026-11-01&limit=25&offset=25', expect.anything()));
  });

  it('offers readable types and actions, narrows the actions to the chosen type, and sends the codes', async () => {
    const fetch = vi.fn(async () => json(200, { items: [entry], total: 1 }));
    vi.stubGlobal('fetch', fetch);
    renderAt('/audit', '/audit', AuditPage);
    await screen.findByText('Inställningar ändrades');
    const type = screen.getByLabelText('Typ') as HTMLSelectElement;
    const action = screen.getByLabelText('Händelse') as HTMLSelectElement;
    const names = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent);
    expect(names(type)).toContain('Rankinglista');
    expect(names(type)).not.toContain('ranking_list');
    expect(names(action)).toContain('Musiker arkiverades');
    expect(names(action)).toContain('E-postmall återställdes till standard');
    expect(names(action).some((n) => n?.includes('.'))).toBe(false);

    fireEvent.change(type, { target: { value: 'musician' } });
    expect(names(action)[0]).toBe('Alla');
    expect(names(action).slice(1).every((n) => n?.startsWith('Musiker '))).toBe(true);
    fireEvent.change(action, { target: { value: 'musician.archive' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtrera' }));
    await waitFor(() =>
      expect(fetch).toHaveBeenLastCalledWith('/api/audit?entityType=musician&action=musician.archive&limit=25&offset=0', expect.anything()),
    );
    // Another type drops an action that is not its own.
    fireEvent.change(type, { target: { value: 'email_template' } });
    expect(action.value).toBe('');
    fireEvent.change(action, { target: { value: 'template.reset' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtrera' }));
    await waitFor(() =>
      expect(fetch).toHaveBeenLastCalledWith('/api/audit?entityType=email_template&action=template.reset&limit=25&offset=0', expect.anything()),
    );
    // The entity column reads in words too.
    expect(await screen.findByRole('cell', { name: 'Inställningar' })).toBeTruthy();
  });

  it('refuses a "to" before "from" without asking the server', async () => {
    const fetch = vi.fn(async () => json(200, { items: [], total: 0 }));
    vi.stubGlobal('fetch', fetch);
    renderAt('/audit', '/audit', AuditPage);
    expect(await screen.findByText('Inga händelser matchar.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Från och med'), { target: { value: '2026-11-10' } });
    fireEvent.input(screen.getByLabelText('Till och med'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtrera' }));
    expect(await screen.findByText('must not be before from')).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
