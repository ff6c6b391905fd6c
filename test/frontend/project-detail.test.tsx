import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import ProjectDetailPage from '../../frontend/src/pages/admin/project-detail';
import { renderAt } from './render-at';
import { id, json } from './api-stub';
import { projectDetail, projectNeed } from './project-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const project = projectDetail({
  rehearsalSchedule: 'Mån–ons 10–13',
  staffing: { accepted: 1, needed: 3, pending: 2, needs: 1 },
  needs: [
    projectNeed({
      list: { id: id(30), code: 'LIST001', kind: 'B', label: 'B' },
      quantity: 3,
      strategy: 'first_come',
      maxRecipients: 5,
      firstSentAt: '2026-11-20T10:00:00Z',
      locked: true,
      accepted: 1,
      pending: 2,
    }),
  ],
});

describe('project detail', () => {
  it("shows the needs with Q/A/P and the server's refusal to archive", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = new URL(input, 'http://localhost');
        if (init?.method === 'POST' && url.pathname.endsWith('/archive')) {
          return json(409, { error: { code: 'requests_pending', message: 'PROJ001 still has 2 requests waiting for an answer.' } });
        }
        if (url.pathname === '/api/positions') return json(200, { items: [], total: 0 });
        if (url.pathname.endsWith('/files')) return json(200, { items: [], total: 0 });
        return json(200, project);
      }),
    );
    renderAt(`/projects/${id(1)}`, '/projects/:id', ProjectDetailPage);

    expect(await screen.findByRole('heading', { name: 'Julkonsert' })).toBeTruthy();
    expect(screen.getByText('1 av 3 platser tillsatta')).toBeTruthy();
    const row = screen.getByRole('row', { name: /NEED001/ });
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'Violin: Tutti violin 1NEED001',
      'B',
      'Först till kvarnHögst antal mottagare per omgång: 5',
      '3',
      '1',
      '2',
      'aktivt',
      'ÄndraArkivera',
    ]);
    // Row buttons are named for their need, so a screen reader's button list tells them apart.
    expect(within(row).getByRole('button', { name: 'Arkivera NEED001 (Tutti violin 1)' })).toBeTruthy();
    expect((screen.getByLabelText('Repetitionsschema') as HTMLTextAreaElement).value).toBe('Mån–ons 10–13');

    fireEvent.click(screen.getByRole('button', { name: 'Arkivera projektet' }));
    fireEvent.click(within(await screen.findByRole('group', { name: 'Arkivera projektet' })).getByRole('button', { name: 'Arkivera projektet' }));
    expect((await screen.findByRole('alert')).textContent).toContain('PROJ001 still has 2 requests waiting for an answer.');
  });
});
