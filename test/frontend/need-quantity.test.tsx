import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { ProjectStatus, StatusNeed } from '../../frontend/src/pages/admin/project-engine-types';
import { ProjectStatusPanel } from '../../frontend/src/pages/admin/project-status';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const violin: StatusNeed = {
  needId: id(50),
  code: 'NEED001',
  positionName: 'Tutti violin 1',
  instrumentName: 'Violin',
  status: 'active',
  quantity: 3,
  accepted: 2,
  pending: 1,
};

function status(quantity: number, pending: number, cursor: string): ProjectStatus {
  return {
    projectId: id(1),
    paused: false,
    staffing: { accepted: 2, needed: quantity },
    needs: [{ ...violin, quantity, pending }],
    requests: [],
    cursor,
  };
}

/** The live status panel with the API stubbed: `put` answers the quantity change. */
function renderPanel(put: (body: { quantity: number }) => Response) {
  let quantity = 3;
  let pending = 1;
  const puts: { url: string; body: { quantity: number } }[] = [];
  const polls: (string | null)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      if (init?.method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { quantity: number };
        puts.push({ url: url.pathname, body });
        const response = put(body);
        if (response.ok) quantity = body.quantity;
        return response;
      }
      polls.push(url.searchParams.get('since'));
      return json(200, status(quantity, pending, `2026-11-20T10:0${polls.length}:00Z`));
    }),
  );
  const controlled = vi.fn();
  const [refreshKey, setRefreshKey] = createSignal(0);
  render(() => (
    <ProjectStatusPanel projectId={id(1)} archived={false} refreshKey={refreshKey()} onPreviewNeed={() => {}} onControlled={controlled} onFailedEmails={() => {}} />
  ));
  return { puts, polls, controlled, repoll: (nextPending: number) => {
      pending = nextPending;
      setRefreshKey((k) => k + 1);
    },
  };
}

describe('change seats on a running need', () => {
  it('refuses below the accepted count locally, then saves and refreshes the status', async () => {
    const { puts, polls, controlled, repoll } = renderPanel(() => json(200, { requestsSent: 1, item: {} }));

    const need = await screen.findByRole('article', { name: /Tutti violin 1/ });
    expect(within(need).getByText(/Antal \(Q\): 3 · Accepterat \(A\): 2 · Väntar \(P\): 1/)).toBeTruthy();
    fireEvent.click(within(need).getByRole('button', { name: 'Ändra antal platser för Tutti violin 1 NEED001' }));
    // Looked up each time: the field is drawn anew when its error changes.
    const input = () => within(need).getByLabelText('Antal platser för Tutti violin 1 NEED001') as HTMLInputElement;
    expect(input().value).toBe('3');

    fireEvent.input(input(), { target: { value: '1' } });
    fireEvent.click(within(need).getByRole('button', { name: 'Spara antal' }));
    expect(await within(need).findByText('Kan inte vara lägre än 2: så många har redan tackat ja. Återkalla en musiker först.')).toBeTruthy();
    expect(input().getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(input(), { target: { value: '2.5' } });
    fireEvent.click(within(need).getByRole('button', { name: 'Spara antal' }));
    expect(await within(need).findByText('måste vara ett heltal')).toBeTruthy();
    expect(puts).toEqual([]);

    fireEvent.input(input(), { target: { value: '4' } });
    // A poll while the form is open (as every few seconds) keeps it open with what was typed.
    repoll(2);
    expect(await within(need).findByText(/Antal \(Q\): 3 · Accepterat \(A\): 2 · Väntar \(P\): 2/)).toBeTruthy();
    expect(input().value).toBe('4');
    fireEvent.click(within(need).getByRole('button', { name: 'Spara antal' }));
    expect(await within(need).findByText('Tutti violin 1 NEED001 har nu 4 platser.')).toBeTruthy();
    expect(puts).toEqual([{ url: `/api/projects/${id(1)}/needs/${id(50)}/quantity`, body: { quantity: 4 } }]);
    // The status is polled again at once and shows the new quantity; the page is told to refresh its figures.
    expect(await within(need).findByText(/Antal \(Q\): 4 · Accepterat \(A\): 2 · Väntar \(P\): 2/)).toBeTruthy();
    expect(polls).toEqual([null, '2026-11-20T10:01:00Z', '2026-11-20T10:02:00Z']);
    await waitFor(() => expect(controlled).toHaveBeenCalled());
    expect(within(need).queryByLabelText('Antal platser för Tutti violin 1 NEED001')).toBeNull();
  });

  it("shows the server's refusal and its field error, and keeps the form open", async () => {
    let answer = json(409, { error: { code: 'need_archived', message: 'NEED001 is archived and can no longer be changed.' } });
    const { puts, controlled } = renderPanel(() => answer);

    const need = await screen.findByRole('article', { name: /Tutti violin 1/ });
    fireEvent.click(within(need).getByRole('button', { name: 'Ändra antal platser för Tutti violin 1 NEED001' }));
    const input = () => within(need).getByLabelText('Antal platser för Tutti violin 1 NEED001') as HTMLInputElement;
    fireEvent.input(input(), { target: { value: '5' } });
    fireEvent.click(within(need).getByRole('button', { name: 'Spara antal' }));
    expect((await within(need).findByRole('alert')).textContent).toBe('NEED001 är arkiverat och kan inte längre ändras.');

    answer = json(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid request.',
        fields: [{ field: 'quantity', message: 'must be at most the wave size of NEED001 (maxRecipients 4); raise maxRecipients first' }],
      },
    });
    fireEvent.click(within(need).getByRole('button', { name: 'Spara antal' }));
    expect(await within(need).findByText('must be at most the wave size of NEED001 (maxRecipients 4); raise maxRecipients first')).toBeTruthy();
    expect(within(need).queryByRole('alert')).toBeNull();
    expect(puts).toHaveLength(2);
    expect(within(need).getByText(/Antal \(Q\): 3 · Accepterat \(A\): 2 · Väntar \(P\): 1/)).toBeTruthy();
    expect(controlled).not.toHaveBeenCalled();

    fireEvent.click(within(need).getByRole('button', { name: 'Avbryt' }));
    expect(within(need).queryByLabelText('Antal platser för Tutti violin 1 NEED001')).toBeNull();
    expect(within(need).getByRole('button', { name: 'Ändra antal platser för Tutti violin 1 NEED001' })).toBeTruthy();
  });
});
