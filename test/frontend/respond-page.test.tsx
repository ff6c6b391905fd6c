import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import RespondPage from '../../frontend/src/pages/respond';
import { renderAt } from './render-at';
import { json } from './api-stub';
import { respondToken, respondView } from './respond-fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const token = respondToken;
const view = respondView;

function stubApi(get: () => Response, post: () => Response = () => json(200, view({ state: 'accepted', answer: 'yes' }))) {
  const fetch = vi.fn(async (_url: string, init?: RequestInit) => ((init?.method ?? 'GET') === 'GET' ? get() : post()));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const renderPage = () => renderAt(`/respond/${token}`, '/respond/:token', RespondPage);

describe("the musician's respond page", () => {
  it("speaks the musician's language and names the orchestra in the tab's title", async () => {
    stubApi(() => json(200, view({ language: 'en', musician: { firstName: 'Emma' } })));
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Hello Emma!' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Yes, I will come' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Noter.pdf' })).toBeTruthy();
    expect(document.title).toBe('Request from Demo Symfoniorkester');
    // The header carries the language switch; the page adds no second one.
    expect(screen.queryByRole('group', { name: 'Language' })).toBeNull();
  });

  it('asks before it answers, and keeps the focus on the answer through confirm, back and the outcome', async () => {
    const fetch = stubApi(() => json(200, view()));
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Nej, tyvärr' }));
    expect(screen.getByText('Bekräfta: nej, jag kan inte den här gången.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Bekräfta'));
    fireEvent.click(screen.getByRole('button', { name: 'Tillbaka' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Nej, tyvärr'));
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Ja, jag kommer' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bekräfta' }));
    const outcome = await screen.findByText(/Tack! Du är bokad/);
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    expect(JSON.parse(String(fetch.mock.calls.find(([, init]) => init?.method === 'POST')![1]!.body))).toEqual({ answer: 'yes' });
  });

  it('says the orchestra is not taking answers when it is suspended, on opening and on answering', async () => {
    stubApi(
      () => json(200, view()),
      () => json(423, { error: { code: 'suspended', message: 'Demo Symfoniorkester is suspended. Contact the service operator.' } }),
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, jag kommer' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bekräfta' }));
    const outcome = await screen.findByText('Orkestern tar tillfälligt inte emot svar, så inget svar är registrerat. Försök igen senare med samma länk.');
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    cleanup();
    stubApi(() => json(423, { error: { code: 'suspended', message: 'Demo Symfoniorkester is suspended. Contact the service operator.' } }));
    renderPage();
    expect((await screen.findByText(/Orkestern tar tillfälligt inte emot svar/)).getAttribute('role')).toBe('status');
  });

  it('shows the deadline while the question is open and drops it once answered', async () => {
    stubApi(() => json(200, view()));
    renderPage();
    expect(await screen.findByText('Svara senast')).toBeTruthy();
    expect(screen.getByText('söndag 6 december 2026 kl. 15:00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ja, jag kommer' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bekräfta' }));
    await screen.findByText(/Tack! Du är bokad/);
    expect(screen.queryByText('Svara senast')).toBeNull();
    expect(screen.queryByText('söndag 6 december 2026 kl. 15:00')).toBeNull();
    for (const state of ['declined', 'filled', 'expired'] as const) {
      cleanup();
      stubApi(() => json(200, view({ state, answer: state === 'declined' ? 'no' : null })));
      renderPage();
      await screen.findByRole('status');
      expect(screen.queryByText('Svara senast')).toBeNull();
    }
  });

  it('tells an unknown or garbled link apart from a failure', async () => {
    stubApi(() => json(404, { error: { code: 'not_found', message: 'Not found.' } }));
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toContain('Länken gäller inte');
  });
});
