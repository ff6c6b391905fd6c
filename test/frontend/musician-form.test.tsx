import { cleanup, fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import MusicianFormPage from '../../frontend/src/pages/admin/musician-form';
import { cello, jsonResponse, musician, stubApi, violin } from './musician-fixtures';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const instruments = () => jsonResponse(200, { items: [violin, cello], total: 2 });
const posts = (fetch: ReturnType<typeof stubApi>) => fetch.mock.calls.filter(([, init]) => init?.method === 'POST');

describe('musician form', () => {
  it('validates with the shared schema before sending anything', async () => {
    const fetch = stubApi({ 'GET /api/instruments': instruments });
    renderAt('/musicians/new', '/musicians/new', MusicianFormPage);
    fireEvent.input(await screen.findByLabelText('E-post'), { target: { value: 'not-an-address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa musiker' }));
    expect(await screen.findByText('måste vara en e-postadress')).toBeTruthy();
    expect(screen.getByLabelText('Förnamn').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Efternamn').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('Rätta de markerade fälten.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Förnamn')));
    expect(posts(fetch)).toHaveLength(0);
  });

  it('sends qualifications on several instruments and shows a taken address at the email field', async () => {
    const fetch = stubApi({
      'GET /api/instruments': instruments,
      'POST /api/musicians': () => jsonResponse(409, { error: { code: 'email_taken', message: 'Email already used by Anna Berg (MUS004)' } }),
    });
    renderAt('/musicians/new', '/musicians/new', MusicianFormPage);
    fireEvent.input(await screen.findByLabelText('Förnamn'), { target: { value: 'Karin' } });
    fireEvent.input(screen.getByLabelText('Efternamn'), { target: { value: 'Ek' } });
    fireEvent.input(screen.getByLabelText('E-post'), { target: { value: 'anna.berg@example.org' } });
    fireEvent.click(screen.getByLabelText('Tutti violin 1'));
    fireEvent.click(screen.getByLabelText('Solocellist'));
    fireEvent.click(screen.getByRole('button', { name: 'Skapa musiker' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Email already used by Anna Berg (MUS004)');
    expect(screen.getByLabelText('E-post').getAttribute('aria-invalid')).toBe('true');
    const sent = JSON.parse(String(posts(fetch)[0][1]!.body));
    expect(sent).toMatchObject({ firstName: 'Karin', lastName: 'Ek', email: 'anna.berg@example.org', phone: null, language: 'sv', active: true });
    expect(sent.qualifications.sort()).toEqual([violin.positions[1].id, cello.positions[0].id].sort());
  });

  it('edits an existing musician with their qualifications ticked', async () => {
    const existing = musician();
    const fetch = stubApi({
      'GET /api/instruments': instruments,
      [`GET /api/musicians/${existing.id}`]: () => jsonResponse(200, existing),
      [`PATCH /api/musicians/${existing.id}`]: () => jsonResponse(200, existing),
    });
    renderAt(`/musicians/${existing.id}/edit`, '/musicians/:id/edit', MusicianFormPage);
    expect(((await screen.findByLabelText('Tutti violin 1')) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Förnamn') as HTMLInputElement).value).toBe('Anna');
    fireEvent.click(screen.getByLabelText('Förste konsertmästare'));
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await vi.waitFor(() => expect(fetch.mock.calls.some(([, init]) => init?.method === 'PATCH')).toBe(true));
    const patch = fetch.mock.calls.find(([, init]) => init?.method === 'PATCH')!;
    expect(JSON.parse(String(patch[1]!.body)).qualifications.sort()).toEqual(violin.positions.map((p) => p.id).sort());
  });
});
