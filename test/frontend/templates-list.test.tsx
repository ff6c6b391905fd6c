import { cleanup, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TemplatesPage from '../../frontend/src/pages/admin/templates';
import type { TemplateView } from '../../frontend/src/pages/admin/templates-types';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const item = (type: TemplateView['type'], language: TemplateView['language'], customised: boolean): TemplateView => ({
  type,
  language,
  subject: `${type} ${language}`,
  body: 'Hej',
  customised,
  updatedAt: null,
});

describe('templates list', () => {
  it('links every type and language to its editor and marks the customised ones', async () => {
    const items = [item('request', 'sv', true), item('request', 'en', false), item('exhausted', 'sv', false)];
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { items, total: items.length })));
    renderAt('/templates', '/templates', TemplatesPage);
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows.map((row) => within(row).getByRole('link').getAttribute('href'))).toEqual([
      '/templates/request/sv',
      '/templates/request/en',
      '/templates/exhausted/sv',
    ]);
    // Both languages of a type share the visible text; the link's name tells them apart.
    expect(screen.getByRole('link', { name: 'Förfrågan (svenska)' }).getAttribute('href')).toBe('/templates/request/sv');
    expect(screen.getByRole('link', { name: 'Förfrågan (engelska)' }).getAttribute('href')).toBe('/templates/request/en');
    expect(within(rows[0]).getByText('Anpassad')).toBeTruthy();
    expect(within(rows[1]).queryByText('Anpassad')).toBeNull();
  });

  it("shows the server's message when the list cannot be loaded", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(500, { error: { code: 'internal', message: 'Something went wrong on our side.' } })));
    renderAt('/templates', '/templates', TemplatesPage);
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong on our side.');
    expect(screen.getByRole('button', { name: 'Försök igen' })).toBeTruthy();
  });
});
