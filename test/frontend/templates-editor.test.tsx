import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TemplateEditorPage from '../../frontend/src/pages/admin/templates-editor';
import type { TemplateDetail } from '../../frontend/src/pages/admin/templates-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const detail: TemplateDetail = {
  type: 'request',
  language: 'sv',
  subject: 'Förfrågan: {{projectName}}',
  body: 'Hej {{firstName}}!',
  customised: false,
  updatedAt: null,
  default: { subject: 'Förfrågan: {{projectName}}', body: 'Hej {{firstName}}!' },
  variables: ['firstName', 'lastName', 'projectName'],
};

function stubApi(write: (method: string, url: string, body: unknown) => Response) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method === 'GET') return json(200, detail);
    return write(method, url, init?.body ? JSON.parse(String(init.body)) : undefined);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const open = () => renderAt('/templates/request/sv', '/templates/:type/:language', TemplateEditorPage);

describe('template editor', () => {
  it("shows the server's unknown-variable error on the body field", async () => {
    const message = 'uses unknown variable {{nickname}}; allowed: firstName, lastName, projectName';
    const fetch = stubApi(() => json(400, { error: { code: 'validation_failed', message: `Invalid input: body: ${message}`, fields: [{ field: 'body', message }] } }));
    open();
    const body = await screen.findByLabelText('Text');
    fireEvent.input(body, { target: { value: 'Hej {{lastName}}!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    expect(await screen.findByText('använder okänd variabel {{nickname}}; tillåtna: firstName, lastName, projectName')).toBeTruthy();
    // FormField renders the field anew with its error wiring, so look it up again.
    const field = screen.getByLabelText('Text');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe('template-body-error');
    expect((field as HTMLTextAreaElement).value).toBe('Hej {{lastName}}!');
    expect(screen.getByLabelText('Ämne').getAttribute('aria-invalid')).toBe('false');
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(put[0]).toBe('/api/templates/request/sv');
    expect(JSON.parse(String(put[1]!.body))).toEqual({ subject: 'Förfrågan: {{projectName}}', body: 'Hej {{lastName}}!' });
  });

  it("says in the page's language that a request's body needs the response link", async () => {
    const message = 'must contain {{responseUrl}}, the link the musician answers with';
    stubApi(() => json(400, { error: { code: 'validation_failed', message: `Invalid input: body: ${message}`, fields: [{ field: 'body', message }] } }));
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Spara' }));
    expect(await screen.findByText('måste innehålla {{responseUrl}}, länken som musikern svarar med')).toBeTruthy();
    expect(screen.getByLabelText('Text').getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses an unknown variable with the shared schema before sending', async () => {
    const fetch = stubApi(() => json(200, detail));
    open();
    fireEvent.input(await screen.findByLabelText('Ämne'), { target: { value: 'Hej {{nickname}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    expect(await screen.findByText(/använder okänd variabel \{\{nickname\}\}/)).toBeTruthy();
    expect(screen.getByLabelText('Ämne').getAttribute('aria-invalid')).toBe('true');
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'PUT')).toEqual([]);
  });

  it('inserts a variable at the cursor and previews the HTML in a sandboxed frame', async () => {
    stubApi((_method, url, body) =>
      url.endsWith('/preview') ? json(200, { language: 'sv', subject: 'Förfrågan: Vårkonsert', text: `Rendered ${(body as { body: string }).body}`, html: '<p>Hej Anna!</p>' }) : json(500, {}),
    );
    open();
    const body = (await screen.findByLabelText('Text')) as HTMLTextAreaElement;
    body.focus();
    body.setSelectionRange(4, 4);
    fireEvent.click(screen.getByRole('button', { name: 'Infoga lastName' }));
    expect(body.value).toBe('Hej {{lastName}}{{firstName}}!');
    fireEvent.click(screen.getByRole('button', { name: 'Förhandsgranska' }));
    expect(await screen.findByText('Rendered Hej {{lastName}}{{firstName}}!')).toBeTruthy();
    const frame = screen.getByTitle('Som HTML') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    await waitFor(() => expect(frame.getAttribute('srcdoc')).toBe('<p>Hej Anna!</p>'));
  });
});
