import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { MessageView } from '../../frontend/src/pages/admin/project-engine-types';
import ProjectMessagesLogPage from '../../frontend/src/pages/admin/project-messages-log';
import { renderAt } from './render-at';
import { id, json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const project = { id: id(1), code: 'PROJ001', name: 'Julkonsert' };

function message(n: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: id(200 + n),
    kind: 'request',
    to: `musician${n}@example.org`,
    subject: 'Förfrågan: Tutti violin 1 i Julkonsert',
    status: 'sent',
    attempts: 1,
    lastError: null,
    createdAt: '2026-11-20T10:00:00Z',
    sentAt: '2026-11-20T10:00:05Z',
    request: { id: id(300 + n), code: `REQ00${n}`, status: 'pending', needId: id(50) },
    groupEmail: null,
    musician: { id: id(100 + n), code: `MUS00${n}`, name: `Musiker ${n}` },
    attachments: [],
    ...overrides,
  };
}

const failed = message(2, {
  status: 'failed',
  attempts: 5,
  lastError: 'Mailbox unavailable',
  sentAt: null,
  musician: { id: id(102), code: 'MUS002', name: 'Bo Berg' },
});
const toAdmin = message(3, { kind: 'exhausted', to: 'admin@example.org', musician: null, request: null, subject: 'Listan är slut' });

describe('communication log', () => {
  it('lists every email with recipient, status, attempts and last error, filters by status and pages', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => {
        calls.push(input);
        const url = new URL(input, 'http://localhost');
        if (url.pathname === `/api/projects/${id(1)}`) return json(200, project);
        if (url.searchParams.get('status') === 'failed') return json(200, { items: [failed], total: 1 });
        if (url.searchParams.get('status') === 'pending') return json(200, { items: [], total: 0 });
        if (url.searchParams.get('offset') === '50') return json(200, { items: [message(4)], total: 51 });
        return json(200, { items: [message(1), failed, toAdmin], total: 51 });
      }),
    );
    renderAt(`/projects/${id(1)}/messages`, '/projects/:id/messages', ProjectMessagesLogPage);

    expect(await screen.findByRole('heading', { name: 'Kommunikationslogg' })).toBeTruthy();
    expect(await screen.findByText('PROJ001 · Julkonsert')).toBeTruthy();
    expect(await screen.findByText('Visar 1–3 av 51')).toBeTruthy();
    expect(calls).toContain(`/api/projects/${id(1)}/messages?limit=50&offset=0`);

    const failedRow = screen.getByRole('row', { name: /Bo Berg/ });
    const cells = [...failedRow.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(1)).toEqual([
      'Bo Berg (MUS002)musician2@example.org',
      'Förfrågan · REQ002Förfrågan: Tutti violin 1 i Julkonsert',
      'misslyckades',
      '5',
      'Mailbox unavailable',
      'Skicka igen',
    ]);
    // Only failed rows can be sent again; a row without a musician names the address.
    expect(screen.getAllByRole('button', { name: /Skicka igen/ })).toHaveLength(1);
    const adminRow = screen.getByRole('row', { name: /admin@example.org/ });
    expect(within(adminRow).getByText('Listan är slut', { selector: 'span' })).toBeTruthy();
    expect(within(adminRow).getByText('–')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Nästa' }));
    expect(await screen.findByText('Visar 51–51 av 51')).toBeTruthy();
    expect(calls).toContain(`/api/projects/${id(1)}/messages?limit=50&offset=50`);
    expect((screen.getByRole('button', { name: 'Nästa' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(await screen.findByText('Visar 1–1 av 1')).toBeTruthy();
    expect(calls).toContain(`/api/projects/${id(1)}/messages?status=failed&limit=50&offset=0`);
    expect(screen.queryByRole('button', { name: 'Nästa' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'pending' } });
    expect(await screen.findByText('Inga e-postmeddelanden med den statusen.')).toBeTruthy();
  });

  it("resends a failed email by the recipient-named button, and shows the server's refusal", async () => {
    const posts: string[] = [];
    let refuse = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = new URL(input, 'http://localhost');
        if (init?.method === 'POST') {
          posts.push(url.pathname);
          if (refuse) return json(409, { error: { code: 'request_closed', message: 'REQ002 no longer waits for an answer, so its request email is not sent again.' } });
          return json(200, { ...failed, status: 'pending', attempts: 0 });
        }
        if (url.pathname === `/api/projects/${id(1)}`) return json(200, project);
        return json(200, { items: [failed], total: 1 });
      }),
    );
    renderAt(`/projects/${id(1)}/messages`, '/projects/:id/messages', ProjectMessagesLogPage);

    fireEvent.click(await screen.findByRole('button', { name: 'Skicka igen till Bo Berg (MUS002)' }));
    expect(await screen.findByText('Meddelandet till Bo Berg (MUS002) skickas igen.')).toBeTruthy();
    expect(posts).toEqual([`/api/outbox/${failed.id}/resend`]);

    refuse = true;
    fireEvent.click(screen.getByRole('button', { name: 'Skicka igen till Bo Berg (MUS002)' }));
    expect((await screen.findByRole('alert')).textContent).toContain('REQ002 no longer waits for an answer, so its request email is not sent again.');
  });

  it('shows the empty log and a load error with retry', async () => {
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => {
        const url = new URL(input, 'http://localhost');
        if (url.pathname === `/api/projects/${id(1)}`) return json(200, project);
        if (fail) return json(500, { error: { code: 'internal', message: 'The database did not answer.' } });
        return json(200, { items: [], total: 0 });
      }),
    );
    setLocale('en');
    renderAt(`/projects/${id(1)}/messages`, '/projects/:id/messages', ProjectMessagesLogPage);

    expect((await screen.findByRole('alert')).textContent).toContain('The database did not answer.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByText('No emails in this project yet.')).toBeTruthy());
  });
});
