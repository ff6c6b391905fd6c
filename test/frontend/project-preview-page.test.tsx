import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import ProjectDetailPage from '../../frontend/src/pages/admin/project-detail';
import type { ProjectPreview, ProjectStatus, SendOutcome } from '../../frontend/src/pages/admin/project-engine-types';
import { renderAt } from './render-at';
import { id, json } from './api-stub';
import { projectDetail, projectNeed } from './project-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const project = projectDetail({
  name: 'Vårkonsert',
  startDate: '2027-04-16',
  isoWeek: 15,
  staffing: { accepted: 0, needed: 1, pending: 0, needs: 1 },
  needs: [projectNeed({ position: { id: id(20), code: 'POS001', name: 'Kontrafagott' }, instrument: { id: id(10), name: 'Fagott' }, quantity: 1 })],
});

const need = { needId: id(50), code: 'NEED001', positionName: 'Kontrafagott', instrumentName: 'Fagott' };

const preview: ProjectPreview = {
  projectId: id(1),
  projectCode: 'PROJ001',
  projectName: 'Vårkonsert',
  projectPaused: false,
  conflictMode: 'first_asked',
  fingerprint: 'c'.repeat(32),
  needs: [
    {
      ...need,
      strategy: 'sequential',
      status: 'active',
      quantity: 1,
      accepted: 0,
      pending: 0,
      asks: [{ musicianId: id(100), code: 'MUS151', name: 'Eva Ek', rank: 1, wave: 1 }],
      skipped: [],
      becomesExhausted: false,
    },
  ],
  conflicts: [],
};

const oneRequestSent: SendOutcome = {
  requests: [{ id: id(200), code: 'REQ001', needId: id(50), musicianId: id(100) }],
  exhausted: [],
  fingerprint: preview.fingerprint,
  nobodyAsked: null,
};

/** The project page's API: the send answers `outcome`; the live status shows the request once one was sent. */
function stubEngineApi(outcome: SendOutcome): unknown[] {
  let sent = false;
  const sends: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      if (url.pathname === '/api/positions') return json(200, { items: [], total: 0 });
      if (url.pathname.endsWith('/preview')) return json(200, preview);
      if (url.pathname.endsWith('/send')) {
        sends.push(JSON.parse(String(init?.body)));
        sent = outcome.requests.length > 0;
        return json(200, outcome);
      }
      if (url.pathname.endsWith('/status')) {
        const status: ProjectStatus = {
          projectId: id(1),
          paused: false,
          staffing: { accepted: 0, needed: 1 },
          needs: [{ ...need, status: 'active', quantity: 1, accepted: 0, pending: sent ? 1 : 0 }],
          requests: sent
            ? [
                {
                  id: id(200),
                  code: 'REQ001',
                  needId: id(50),
                  musicianId: id(100),
                  musicianCode: 'MUS151',
                  musicianName: 'Eva Ek',
                  status: 'pending',
                  wave: 1,
                  sentAt: '2026-11-25T10:00:00Z',
                  deadlineAt: '2026-11-27T10:00:00Z',
                  remindedAt: null,
                  answeredAt: null,
                  closedAt: null,
                  lateAnswer: null,
                  emailStatus: 'sent',
                  changedAt: '2026-11-25T10:00:00Z',
                },
              ]
            : [],
          cursor: '2026-11-25T10:00:00Z',
        };
        return json(200, status);
      }
      return json(200, project);
    }),
  );
  return sends;
}

describe('the request engine on the project page', () => {
  it('previews, sends with the fingerprint and shows the new request in the live status', async () => {
    const sends = stubEngineApi(oneRequestSent);
    renderAt(`/projects/${id(1)}`, '/projects/:id', ProjectDetailPage);

    const status = await screen.findByRole('region', { name: 'Förfrågningar just nu' });
    expect(await within(status).findByText('Inga förfrågningar ännu.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Förhandsgranska utskick' }));
    const panel = await screen.findByRole('region', { name: 'Förhandsgranskning av utskicket' });
    expect(await within(panel).findByText(/Eva Ek/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Skicka 1 förfrågan' }));

    expect((await screen.findByText('1 förfrågan skickad.')).getAttribute('role')).toBe('status');
    expect(screen.queryByRole('region', { name: 'Förhandsgranskning av utskicket' })).toBeNull();
    expect(sends).toEqual([{ fingerprint: preview.fingerprint }]);
    const row = await within(status).findByRole('row', { name: /Eva Ek/ });
    expect(within(row).getByText('väntar på svar')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Återkalla förfrågan till Eva Ek' })).toBeTruthy();
  });

  it('says why a send asked nobody, with the needs and the skipped musicians counted by reason', async () => {
    stubEngineApi({
      requests: [],
      exhausted: [],
      fingerprint: preview.fingerprint,
      nobodyAsked: {
        reason: 'already_asked',
        message: 'Nobody was asked: every open need already has its requests out and waits for answers.',
        needsByReason: { waiting_for_answers: 1 },
        skippedByReason: { already_asked_in_project: 2, inactive: 1 },
      },
    });
    renderAt(`/projects/${id(1)}`, '/projects/:id', ProjectDetailPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Förhandsgranska utskick' }));
    const panel = await screen.findByRole('region', { name: 'Förhandsgranskning av utskicket' });
    fireEvent.click(await within(panel).findByRole('button', { name: 'Skicka 1 förfrågan' }));

    const said = (await screen.findByText(/^Ingen tillfrågades/)).closest('[role="status"]')!;
    expect(said.textContent).toContain('Ingen tillfrågades: alla öppna behov har redan sina förfrågningar ute och väntar på svar.');
    expect(said.textContent).toContain('Behov: väntar på svar 1.');
    expect(said.textContent).toContain('Hoppades över: redan tillfrågad i projektet 2, inaktiv 1.');
    expect(screen.queryByText('0 förfrågningar skickade.')).toBeNull();
  });
});
