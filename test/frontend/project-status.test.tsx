import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { ProjectStatus } from '../../frontend/src/pages/admin/project-engine-types';
import ProjectDetailPage from '../../frontend/src/pages/admin/project-detail';
import { ProjectStatusPanel } from '../../frontend/src/pages/admin/project-status';
import { renderAt } from './render-at';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const status: ProjectStatus = {
  projectId: id(1),
  paused: false,
  staffing: { accepted: 0, needed: 2 },
  needs: [{ needId: id(50), code: 'NEED001', positionName: 'Tutti violin 1', instrumentName: 'Violin', status: 'active', quantity: 2, accepted: 0, pending: 1 }],
  requests: [],
  cursor: '2026-11-20T10:00:00Z',
};

const renderPanel = () => {
  vi.stubGlobal('fetch', vi.fn(async () => json(200, status)));
  render(() => <ProjectStatusPanel projectId={id(1)} archived={false} refreshKey={0} onPreviewNeed={() => {}} onControlled={() => {}} onFailedEmails={() => {}} />);
};

describe('Q/A/P said in words', () => {
  it('names each figure of a need in the live status, in Swedish and in English (no hover needed)', async () => {
    renderPanel();
    const need = await screen.findByRole('article', { name: /Tutti violin 1/ });
    expect(within(need).getByText(/^Antal \(Q\): 2 · Accepterat \(A\): 0 · Väntar \(P\): 1 · aktivt$/)).toBeTruthy();
    cleanup();
    setLocale('en');
    renderPanel();
    const english = await screen.findByRole('article', { name: /Tutti violin 1/ });
    expect(within(english).getByText(/^Quantity \(Q\): 2 · Accepted \(A\): 0 · Pending \(P\): 1 · active$/)).toBeTruthy();
  });

  it("names the needs table's Q, A and P columns for a screen reader and explains them in visible words", async () => {
    const need = {
      id: id(50), code: 'NEED001', projectId: id(1),
      position: { id: id(20), code: 'POS001', name: 'Tutti violin 1' }, instrument: { id: id(10), name: 'Violin' },
      list: { id: id(30), code: 'LIST001', kind: 'B', label: 'B' },
      quantity: 2, strategy: 'first_come', maxRecipients: null, responseHours: 48, localResidentsOnly: false,
      status: 'active', firstSentAt: null, locked: false, accepted: 0, pending: 1,
    };
    const project = {
      id: id(1), code: 'PROJ001', name: 'Julkonsert', startDate: '2026-12-10', isoWeek: 50, rehearsalSchedule: '', concertInfo: '', notes: '',
      paused: false, archived: false, archivedAt: null, staffing: { accepted: 0, needed: 2, pending: 1, needs: 1 }, needs: [need],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => {
        const url = new URL(input, 'http://localhost');
        if (url.pathname === '/api/positions' || url.pathname.endsWith('/files')) return json(200, { items: [], total: 0 });
        if (url.pathname.endsWith('/status')) return json(200, status);
        return json(200, project);
      }),
    );
    renderAt(`/projects/${id(1)}`, '/projects/:id', ProjectDetailPage);
    const table = (await screen.findByRole('row', { name: /NEED001/ })).closest('table')!;
    for (const name of ['Antal (Q)', 'Accepterat (A)', 'Väntar (P)']) expect(within(table).getByRole('columnheader', { name })).toBeTruthy();
    expect(screen.getByText('Q = antal platser, A = accepterat (tackat ja), P = väntar på svar.')).toBeTruthy();
  });
});
