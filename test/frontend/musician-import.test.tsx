import { cleanup, fireEvent, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../frontend/src/i18n/i18n';
import MusicianImportPage from '../../frontend/src/pages/admin/musician-import';
import { jsonResponse, stubApi } from './musician-fixtures';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const csv = 'Förnamn;Efternamn;E-post;Instrument;Stämmor\nAnna;Berg;anna@example.org;Violin;Tutti violin 1\nErik;;erik@;Luta;Solo';

describe('musician CSV import', () => {
  it('shows every dry-run problem by line and field, and keeps Import disabled', async () => {
    const fetch = stubApi({
      'POST /api/musicians/import': () =>
        jsonResponse(200, {
          dryRun: true,
          rows: 2,
          valid: 1,
          planRefusal: null,
          created: [],
          problems: [
            { line: 3, field: 'lastName', message: 'is required' },
            { line: 3, field: 'email', message: 'must be an email address' },
            { line: 3, field: 'instrument', message: 'no instrument named "Luta"' },
          ],
        }),
    });
    renderAt('/musicians/import', '/musicians/import', MusicianImportPage);
    fireEvent.input(await screen.findByLabelText('CSV-text'), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: 'Kontrollera' }));

    const table = (await screen.findByRole('heading', { name: 'Problem (3)' })).nextElementSibling as HTMLElement;
    const rows = within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['3', 'Efternamn', 'måste fyllas i'],
      ['3', 'E-post', 'måste vara en e-postadress'],
      ['3', 'Instrument', 'inget instrument heter "Luta"'],
    ]);
    expect(screen.getByText('2 rader, 1 utan problem.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Importera' }) as HTMLButtonElement).disabled).toBe(true);
    expect(JSON.parse(String(fetch.mock.calls[0][1]!.body))).toEqual({ csv, dryRun: true });
  });

  it('imports after a clean check, and a later edit asks for a new check', async () => {
    const fetch = stubApi({
      'POST /api/musicians/import': (_url, init) => {
        const body = JSON.parse(String(init!.body)) as { dryRun: boolean };
        return body.dryRun
          ? jsonResponse(200, { dryRun: true, rows: 1, valid: 1, planRefusal: null, created: [], problems: [] })
          : jsonResponse(201, { dryRun: false, rows: 1, valid: 1, planRefusal: null, problems: [], created: [{ id: '00000000-0000-4000-8000-0000000000a9', code: 'MUS051', line: 2 }] });
      },
    });
    renderAt('/musicians/import', '/musicians/import', MusicianImportPage);
    const text = await screen.findByLabelText('CSV-text');
    fireEvent.input(text, { target: { value: csv.split('\n').slice(0, 2).join('\n') } });
    const importButton = screen.getByRole('button', { name: 'Importera' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Kontrollera' }));
    expect(await screen.findByText('Inga problem. Filen kan importeras.')).toBeTruthy();
    expect(importButton.disabled).toBe(false);
    fireEvent.click(importButton);
    expect(await screen.findByText('1 musiker importerades.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'MUS051' })).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(2);
    fireEvent.input(text, { target: { value: csv } });
    expect(importButton.disabled).toBe(true);
  });

  it("shows the server's report when the real run is refused", async () => {
    let call = 0;
    stubApi({
      'POST /api/musicians/import': () =>
        ++call === 1
          ? jsonResponse(200, { dryRun: true, rows: 1, valid: 1, planRefusal: null, created: [], problems: [] })
          : jsonResponse(400, {
              error: { code: 'import_invalid', message: 'Nothing was imported: 1 problem in the file (line 2 email: Email already used by Anna Berg (MUS004)).', fields: [] },
              dryRun: false,
              rows: 1,
              valid: 0,
              planRefusal: null,
              created: [],
              problems: [{ line: 2, field: 'email', message: 'Email already used by Anna Berg (MUS004)' }],
            }),
    });
    renderAt('/musicians/import', '/musicians/import', MusicianImportPage);
    fireEvent.input(await screen.findByLabelText('CSV-text'), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: 'Kontrollera' }));
    await screen.findByText('Inga problem. Filen kan importeras.');
    fireEvent.click(screen.getByRole('button', { name: 'Importera' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Nothing was imported');
    expect(screen.getByRole('cell', { name: 'E-postadressen används redan av Anna Berg (MUS004)' })).toBeTruthy();
  });
});
