import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { ProjectPreview, ProjectStatus, StatusRequest } from '../../frontend/src/pages/admin/project-engine-types';
import { ProjectPreviewPanel } from '../../frontend/src/pages/admin/project-preview';
import { mergeRequests, ProjectStatusPanel } from '../../frontend/src/pages/admin/project-status';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const fingerprint = (c: string) => c.repeat(32);

function preview(overrides: Partial<ProjectPreview> = {}): ProjectPreview {
  return {
    projectId: id(1),
    projectCode: 'PROJ001',
    projectName: 'Julkonsert',
    projectPaused: false,
    conflictMode: 'admin_choice',
    fingerprint: fingerprint('a'),
    needs: [
      {
        needId: id(50),
        code: 'NEED001',
        positionName: 'Tutti violin 1',
        instrumentName: 'Violin',
        strategy: 'sequential',
        status: 'active',
        quantity: 1,
        accepted: 0,
        pending: 0,
        asks: [{ musicianId: id(100), code: 'MUS001', name: 'Anna Andersson', rank: 1, wave: 1 }],
        skipped: [
          { musicianId: id(101), code: 'MUS002', name: 'Bo Berg', rank: 2, reason: 'inactive' },
          {
            musicianId: id(102),
            code: 'MUS003',
            name: 'Cia Carlsson',
            rank: 3,
            reason: 'already_asked_in_project',
            otherNeedId: id(51),
            otherNeedCode: 'NEED002',
            otherPositionName: 'Tutti viola',
            requestStatus: 'declined',
          },
          { musicianId: id(103), code: 'MUS004', name: 'Dan Dahl', rank: 4, reason: 'awaiting_admin_choice' },
        ],
        becomesExhausted: false,
      },
      {
        needId: id(51),
        code: 'NEED002',
        positionName: 'Tutti viola',
        instrumentName: 'Viola',
        strategy: 'parallel',
        status: 'active',
        quantity: 2,
        accepted: 1,
        pending: 1,
        asks: [],
        skipped: [],
        idle: 'waiting_for_answers',
        becomesExhausted: false,
      },
    ],
    conflicts: [
      {
        musicianId: id(103),
        code: 'MUS004',
        name: 'Dan Dahl',
        needs: [
          { needId: id(50), code: 'NEED001', positionName: 'Tutti violin 1', rank: 4 },
          { needId: id(51), code: 'NEED002', positionName: 'Tutti viola', rank: 2 },
        ],
      },
    ],
    ...overrides,
  };
}

describe('preview and send', () => {
  it('shows who is asked, every skip reason in words, the idle reason, and stores a conflict pick', async () => {
    const calls: { method: string; path: string; body?: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = new URL(input, 'http://localhost');
        const body = init?.body ? JSON.parse(String(init.body)) : undefined;
        calls.push({ method: init?.method ?? 'GET', path: url.pathname, body });
        if (init?.method === 'PUT') {
          const chosen = preview();
          chosen.conflicts[0].chosenNeedId = id(51);
          chosen.needs[0].skipped[2] = { ...chosen.needs[0].skipped[2], reason: 'reserved_for_other_need', otherNeedId: id(51), otherNeedCode: 'NEED002', otherPositionName: 'Tutti viola' };
          return json(200, chosen);
        }
        return json(200, preview());
      }),
    );
    render(() => <ProjectPreviewPanel projectId={id(1)} onClose={() => {}} onSent={() => {}} />);

    const first = await screen.findByRole('article', { name: /Tutti violin 1/ });
    expect(within(first).getByText(/Anna Andersson/).textContent).toContain('rang 1');
    expect(within(first).getByText('Inaktiv')).toBeTruthy();
    expect(within(first).getByText('Redan tillfrågad i projektet för Tutti viola (NEED002) (tackat nej)')).toBeTruthy();
    expect(within(first).getByText('Finns på flera behovs listor: väntar på ditt val av behov')).toBeTruthy();
    const second = screen.getByRole('article', { name: /Tutti viola/ });
    expect(within(second).getByText('Ingen ny tillfrågas: väntar på svar från dem som redan har frågats.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Skicka 1 förfrågan' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Behov för Dan Dahl'), { target: { value: id(51) } });
    // The answer is the fresh preview, drawn anew.
    expect(await screen.findByText('Reserverad för Tutti viola (NEED002)')).toBeTruthy();
    expect((screen.getByLabelText('Behov för Dan Dahl') as HTMLSelectElement).value).toBe(id(51));
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      path: `/api/projects/${id(1)}/conflict-choices`,
      body: { choices: [{ musicianId: id(103), needId: id(51) }] },
    });
  });

  it('sends with the fingerprint and, when the plan changed, shows the fresh preview with a notice', async () => {
    const sent: unknown[] = [];
    const fresh = preview({ fingerprint: fingerprint('b') });
    fresh.needs[0].asks = [{ musicianId: id(104), code: 'MUS005', name: 'Eva Ek', rank: 5, wave: 1 }];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          const body = JSON.parse(String(init.body));
          sent.push(body);
          if (body.fingerprint === fingerprint('a')) {
            return json(409, { error: { code: 'plan_changed', message: 'The plan changed since the preview.' }, preview: fresh });
          }
          return json(200, { requests: [{ id: id(200), code: 'REQ001', needId: id(50), musicianId: id(104) }], exhausted: [], fingerprint: fingerprint('b') });
        }
        return json(200, preview());
      }),
    );
    const onSent = vi.fn();
    render(() => <ProjectPreviewPanel projectId={id(1)} onClose={() => {}} onSent={onSent} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Skicka 1 förfrågan' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Planen har ändrats');
    expect(await screen.findByText(/Eva Ek/)).toBeTruthy();
    expect(onSent).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Skicka 1 förfrågan' }));
    await vi.waitFor(() => expect(onSent).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([{ fingerprint: fingerprint('a') }, { fingerprint: fingerprint('b') }]);
  });

  it("shows the server's message when the preview cannot be loaded", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(404, { error: { code: 'not_found', message: 'No such need in this project.' } })),
    );
    render(() => <ProjectPreviewPanel projectId={id(1)} needId={id(59)} onClose={() => {}} onSent={() => {}} />);
    expect(await screen.findByText('Behovet finns inte (längre).')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Skicka 0 förfrågningar' }).hasAttribute('disabled')).toBe(true);
  });
});

function request(n: number, overrides: Partial<StatusRequest> = {}): StatusRequest {
  return {
    id: id(200 + n),
    code: `REQ00${n}`,
    needId: id(50),
    musicianId: id(100 + n),
    musicianCode: `MUS00${n}`,
    musicianName: `Musiker ${n}`,
    status: 'pending',
    wave: 1,
    sentAt: `2026-11-20T10:0${n}:00Z`,
    deadlineAt: '2026-11-22T10:00:00Z',
    remindedAt: null,
    answeredAt: null,
    closedAt: null,
    lateAnswer: null,
    emailStatus: 'sent',
    changedAt: `2026-11-20T10:0${n}:00Z`,
    ...overrides,
  };
}

describe('live status', () => {
  it('merges changed requests by id', () => {
    const merged = mergeRequests([request(1), request(2)], [request(2, { status: 'accepted' }), request(3)]);
    expect(merged.map((r) => [r.code, r.status])).toEqual([
      ['REQ001', 'pending'],
      ['REQ002', 'accepted'],
      ['REQ003', 'pending'],
    ]);
  });

  it('shows each need with its requests, withdraws after confirmation and reports failed emails', async () => {
    const status: ProjectStatus = {
      projectId: id(1),
      paused: false,
      staffing: { accepted: 0, needed: 1 },
      needs: [{ needId: id(50), code: 'NEED001', positionName: 'Tutti violin 1', instrumentName: 'Violin', status: 'active', quantity: 1, accepted: 0, pending: 1 }],
      requests: [request(1, { emailStatus: 'failed' })],
      cursor: '2026-11-20T10:05:00Z',
    };
    const posts: string[] = [];
    const polls: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = new URL(input, 'http://localhost');
        if (init?.method === 'POST') {
          posts.push(url.pathname);
          return json(200, {});
        }
        polls.push(url.searchParams.get('since'));
        return json(200, polls.length === 1 ? status : { ...status, requests: [request(1, { status: 'withdrawn', emailStatus: 'failed' })] });
      }),
    );
    const failed = vi.fn();
    const controlled = vi.fn();
    render(() => (
      <ProjectStatusPanel projectId={id(1)} archived={false} refreshKey={0} onPreviewNeed={() => {}} onControlled={controlled} onFailedEmails={failed} />
    ));

    const need = await screen.findByRole('article', { name: /Tutti violin 1/ });
    expect(within(need).getByText(/Antal \(Q\): 1 · Accepterat \(A\): 0 · Väntar \(P\): 1/)).toBeTruthy();
    const row = within(need).getByRole('row', { name: /Musiker 1/ });
    expect(within(row).getByText('väntar på svar')).toBeTruthy();
    expect(within(row).getByText('E-postmeddelandet gick inte fram')).toBeTruthy();
    expect(failed).toHaveBeenCalledWith(1);

    fireEvent.click(within(row).getByRole('button', { name: 'Återkalla förfrågan till Musiker 1' }));
    expect(within(row).getByText(/Återkalla förfrågan till Musiker 1\?/)).toBeTruthy();
    fireEvent.click(within(within(row).getByRole('group')).getByRole('button', { name: 'Återkalla förfrågan till Musiker 1' }));
    expect(await within(need).findByText('återkallad')).toBeTruthy();
    expect(posts).toEqual([`/api/requests/${id(201)}/withdraw`]);
    expect(polls).toEqual([null, '2026-11-20T10:05:00Z']);
    expect(controlled).toHaveBeenCalled();
  });
});
