import { cleanup, fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import MusicianProfilePage from '../../frontend/src/pages/admin/musician-profile';
import { jsonResponse, musician, stubApi, violin } from './musician-fixtures';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setLocale('sv');
});

const anna = musician();
const profile = {
  musician: anna,
  lists: [
    {
      listId: 'l1', listCode: 'LIST004', kind: 'A', positionId: violin.positions[1].id, positionName: 'Tutti violin 1', instrumentName: 'Violin',
      project: null, rank: 2, of: 7, archived: false,
    },
  ],
  projects: [
    {
      project: { id: 'p1', code: 'PROJ002', name: 'Julkonsert', startDate: '2026-12-14', archived: false },
      requests: [
        {
          id: 'r1', code: 'REQ010', needId: 'n1', positionId: violin.positions[1].id, positionName: 'Tutti violin 1', instrumentName: 'Violin',
          status: 'accepted', rankAtSend: 2, sentAt: '2026-11-01T08:00:00Z', deadlineAt: '2026-11-03T08:00:00Z', remindedAt: null,
          answeredAt: '2026-11-01T20:00:00Z', closedAt: null,
        },
      ],
    },
  ],
  statistics: {
    requests: 1, answered: 1, accepted: 1, acceptanceRate: 1, averageResponseHours: 12,
    mostAskedPositions: [{ positionId: violin.positions[1].id, positionName: 'Tutti violin 1', instrumentName: 'Violin', count: 1 }],
  },
};

describe('musician profile', () => {
  it('shows list places, history by project and statistics', async () => {
    stubApi({ [`GET /api/musicians/${anna.id}/profile`]: () => jsonResponse(200, profile) });
    renderAt(`/musicians/${anna.id}`, '/musicians/:id', MusicianProfilePage);
    expect(await screen.findByRole('heading', { name: /Anna Berg/ })).toBeTruthy();
    expect(screen.getByText('A-lista')).toBeTruthy();
    expect(screen.getByText('2 av 7')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Julkonsert/ })).toBeTruthy();
    expect(screen.getByText('REQ010')).toBeTruthy();
    expect(screen.getByText('100 %')).toBeTruthy();
    expect(screen.getByText('12 h')).toBeTruthy();
  });

  it('erases only after the code is typed, and shows the refusal from the server', async () => {
    const fetch = stubApi({
      [`GET /api/musicians/${anna.id}/profile`]: () => jsonResponse(200, profile),
      [`POST /api/musicians/${anna.id}/erase`]: () =>
        jsonResponse(409, { error: { code: 'requests_pending', message: 'Anna Berg (MUS004) has 1 request waiting for an answer; withdraw it before erasing.' } }),
    });
    renderAt(`/musicians/${anna.id}`, '/musicians/:id', MusicianProfilePage);
    fireEvent.click(await screen.findByRole('button', { name: 'Radera personuppgifter (GDPR)' }));
    const confirm = screen.getByRole('button', { name: 'Radera för alltid' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Skriv musikerns kod MUS004 för att bekräfta'), { target: { value: 'MUS00' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Skriv musikerns kod MUS004 för att bekräfta'), { target: { value: 'MUS004' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect((await screen.findByRole('alert')).textContent).toContain('withdraw it before erasing');
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(1);
  });

  it('keeps the keyboard focus on the actions after archiving or cancelling', async () => {
    let current: typeof profile | (Omit<typeof profile, 'musician'> & { musician: unknown }) = profile;
    const archived = { ...anna, status: 'archived', active: false, archivedAt: '2026-11-25T10:00:00Z' };
    stubApi({
      [`GET /api/musicians/${anna.id}/profile`]: () => jsonResponse(200, current),
      [`POST /api/musicians/${anna.id}/archive`]: () => {
        current = { ...profile, musician: archived };
        return jsonResponse(200, archived);
      },
    });
    renderAt(`/musicians/${anna.id}`, '/musicians/:id', MusicianProfilePage);
    fireEvent.click(await screen.findByRole('button', { name: 'Arkivera' }));
    const cancel = screen.getByRole('button', { name: 'Avbryt' });
    fireEvent.click(cancel);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Arkivera' })));

    fireEvent.click(screen.getByRole('button', { name: 'Arkivera' }));
    const group = screen.getByRole('group', { name: 'Arkivera' });
    fireEvent.click(group.querySelector('button.primary')!);
    // The confirm button is gone; the focus lands on Restore, which now stands where Archive stood.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Återställ' })));
  });

  it('downloads the GDPR export as a JSON file built in the browser', async () => {
    const exported = { exportedAt: '2026-11-25T10:00:00Z', musician: { code: 'MUS004' } };
    stubApi({
      [`GET /api/musicians/${anna.id}/profile`]: () => jsonResponse(200, profile),
      [`GET /api/musicians/${anna.id}/export`]: () => jsonResponse(200, exported),
    });
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    // jsdom has no object URLs; these stand in for the browser's and are put back afterwards.
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    };
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    try {
      renderAt(`/musicians/${anna.id}`, '/musicians/:id', MusicianProfilePage);
      fireEvent.click(await screen.findByRole('button', { name: 'Exportera data (GDPR)' }));
      await vi.waitFor(() => expect(downloads).toEqual(['MUS004.json blob:export']));
      expect(JSON.parse(await blobs[0].text())).toEqual(exported);
    } finally {
      Object.assign(URL, { createObjectURL, revokeObjectURL });
    }
  });
});
