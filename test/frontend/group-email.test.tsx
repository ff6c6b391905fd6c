import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import type { GroupEmailView } from '../../frontend/src/pages/admin/project-engine-types';
import ProjectGroupEmailPage from '../../frontend/src/pages/admin/project-group-email';
import type { Need } from '../../frontend/src/pages/admin/projects-types';
import { renderAt } from './render-at';
import { id, json } from './api-stub';
import { projectDetail, projectNeed } from './project-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

function need(n: number, instrument: [number, string], position: [number, string]): Need {
  return projectNeed({
    id: id(50 + n),
    code: `NEED00${n}`,
    position: { id: id(position[0]), code: `POS00${n}`, name: position[1] },
    instrument: { id: id(instrument[0]), name: instrument[1] },
    firstSentAt: '2026-11-20T10:00:00Z',
    locked: true,
    accepted: 1,
    pending: 1,
  });
}

const project = projectDetail({
  staffing: { accepted: 2, needed: 4, pending: 2, needs: 2 },
  needs: [need(1, [10, 'Violin'], [20, 'Tutti violin 1']), need(2, [11, 'Viola'], [21, 'Tutti viola'])],
});

const files = [
  { id: id(70), code: 'FILE001', filename: 'noter-violin.pdf', need: { id: id(51), code: 'NEED001' }, confirmed: true },
  { id: id(71), code: 'FILE002', filename: 'halvfardig.pdf', need: null, confirmed: false },
];

const earlier: GroupEmailView = {
  id: id(80),
  code: 'GRP001',
  subject: 'Parkering vid konserthuset',
  body: 'Hej!',
  filter: { instrumentId: id(11) },
  sentBy: 'admin@example.org',
  createdAt: '2026-11-21T09:00:00Z',
  files: [],
  recipients: [{ musicianId: id(100), code: 'MUS001', name: 'Anna Andersson', outboxId: id(90), status: 'sent' }],
};

function stubApi(post: (body: unknown) => Response) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  let history: GroupEmailView[] = [earlier];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url: input, body });
      const url = new URL(input, 'http://localhost');
      if (url.pathname === `/api/projects/${id(1)}`) return json(200, project);
      if (url.pathname === `/api/projects/${id(1)}/files`) return json(200, { items: files, total: files.length });
      if (url.pathname === `/api/projects/${id(1)}/group-emails` && method === 'POST') {
        const response = post(body);
        if (response.ok) history = [...history, earlier].map((g, i) => (i === 0 ? { ...g, id: id(81), code: 'GRP002', subject: 'Ny info' } : g));
        return response;
      }
      if (url.pathname === `/api/projects/${id(1)}/group-emails`) return json(200, { items: history, total: history.length });
      return json(404, { error: { code: 'not_found', message: 'No such route.' } });
    }),
  );
  return calls;
}

const posts = (calls: { method: string }[]) => calls.filter((c) => c.method === 'POST');

describe('group email', () => {
  it('validates with the shared schema, asks before sending, sends the filter and files, and shows the recipients', async () => {
    const calls = stubApi(() =>
      json(201, {
        ...earlier,
        id: id(81),
        code: 'GRP002',
        recipients: [earlier.recipients[0], { musicianId: id(101), code: 'MUS002', name: 'Bo Berg', outboxId: id(91), status: 'pending' }],
      }),
    );
    renderAt(`/projects/${id(1)}/group-email`, '/projects/:id/group-email', ProjectGroupEmailPage);

    expect(await screen.findByRole('heading', { name: 'Gruppmejl' })).toBeTruthy();
    // Earlier group emails with their filter and recipients.
    const history = await screen.findByRole('region', { name: 'Tidigare gruppmejl' });
    expect(await within(history).findByText('Parkering vid konserthuset')).toBeTruthy();
    expect(within(history).getByText(/Mottagare: Alla på Viola/)).toBeTruthy();
    expect(within(history).getByText('1 mottagare')).toBeTruthy();
    expect(within(history).getByText('Anna Andersson (MUS001) · skickat')).toBeTruthy();

    // Choices come from the project's needs; only confirmed files can be attached.
    const who = screen.getByLabelText('Mottagare') as HTMLSelectElement;
    expect([...who.options].map((o) => o.textContent)).toEqual(['Alla som tackat ja', 'Alla på Violin', 'Tutti violin 1', 'Alla på Viola', 'Tutti viola']);
    expect(await screen.findByLabelText(/noter-violin\.pdf/)).toBeTruthy();
    expect(screen.queryByLabelText(/halvfardig\.pdf/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Granska och skicka' }));
    expect(await screen.findAllByText('måste fyllas i')).toHaveLength(2);
    expect(screen.getByLabelText('Ämne').getAttribute('aria-invalid')).toBe('true');
    expect(posts(calls)).toEqual([]);

    fireEvent.change(who, { target: { value: `position:${id(20)}` } });
    fireEvent.input(screen.getByLabelText('Ämne'), { target: { value: ' Ny info ' } });
    fireEvent.input(screen.getByLabelText('Meddelande'), { target: { value: 'Hej {{firstName}}!' } });
    fireEvent.click(screen.getByLabelText(/noter-violin\.pdf/));
    fireEvent.click(screen.getByRole('button', { name: 'Granska och skicka' }));

    const confirm = await screen.findByRole('group', { name: 'Bekräfta utskicket' });
    expect(confirm.textContent).toContain('Skicka e-postmeddelandet till musikerna som tackat ja i Julkonsert? Mottagare: Violin: Tutti violin 1.');
    expect(posts(calls)).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Ja, skicka' }));

    expect(await screen.findByText('Gruppmejlet GRP002 skickas till 2 musiker.')).toBeTruthy();
    expect(posts(calls)).toEqual([
      {
        method: 'POST',
        url: `/api/projects/${id(1)}/group-emails`,
        body: { subject: 'Ny info', body: 'Hej {{firstName}}!', positionId: id(20), fileIds: [id(70)] },
      },
    ]);
    // The form starts afresh and the history reloads with the new email.
    expect((screen.getByLabelText('Ämne') as HTMLInputElement).value).toBe('');
    expect(await within(history).findByText('Ny info')).toBeTruthy();
  });

  it("cancels without sending, and shows the server's refusal when nobody would get the email", async () => {
    const calls = stubApi(() =>
      json(409, { error: { code: 'no_recipients', message: 'No accepted musician of PROJ001 (Julkonsert) matches; nobody would get this email.' } }),
    );
    renderAt(`/projects/${id(1)}/group-email`, '/projects/:id/group-email', ProjectGroupEmailPage);

    fireEvent.input(await screen.findByLabelText('Ämne'), { target: { value: 'Info' } });
    fireEvent.input(screen.getByLabelText('Meddelande'), { target: { value: 'Text' } });
    fireEvent.click(screen.getByRole('button', { name: 'Granska och skicka' }));
    const confirm = await screen.findByRole('group', { name: 'Bekräfta utskicket' });
    expect(confirm.textContent).toContain('Mottagare: Alla som tackat ja.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Bekräfta utskicket' })).toBeNull());
    expect(posts(calls)).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Granska och skicka' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, skicka' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No accepted musician of PROJ001 (Julkonsert) matches; nobody would get this email.');
    expect(posts(calls)).toEqual([{ method: 'POST', url: `/api/projects/${id(1)}/group-emails`, body: { subject: 'Info', body: 'Text', fileIds: [] } }]);
    // What was written stays, to change and send again.
    expect((screen.getByLabelText('Ämne') as HTMLInputElement).value).toBe('Info');
  });

  it("puts the server's field errors on their fields", async () => {
    stubApi(() =>
      json(400, { error: { code: 'validation_failed', message: 'Invalid request.', fields: [{ field: 'body', message: 'unknown variable {{shoeSize}}' }] } }),
    );
    setLocale('en');
    renderAt(`/projects/${id(1)}/group-email`, '/projects/:id/group-email', ProjectGroupEmailPage);

    fireEvent.input(await screen.findByLabelText('Subject'), { target: { value: 'Info' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Size {{shoeSize}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Review and send' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, send' }));
    expect(await screen.findByText('unknown variable {{shoeSize}}')).toBeTruthy();
    expect(screen.getByLabelText('Message').getAttribute('aria-invalid')).toBe('true');
  });
});
