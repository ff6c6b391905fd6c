import { cleanup, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppHeader } from '../../frontend/src/components/app-header';
import { setLocale } from '../../frontend/src/i18n/i18n';
import { renderAt } from './render-at';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
  document.head.querySelector('meta[name="local-mailbox"]')?.remove();
});

describe('the header on the local runtime', () => {
  it('links the local mailbox and says it opens in a new tab', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Log in to continue.' } }), { status: 401 })));
    const meta = document.createElement('meta');
    meta.name = 'local-mailbox';
    meta.content = '/_mail';
    document.head.append(meta);
    renderAt('/login', '/login', AppHeader);
    await screen.findByRole('link', { name: 'Orchestra System' });
    // (The name algorithm here trims each piece of text: "brevlåda(öppnas"; a browser keeps the space.)
    const link = await screen.findByRole('link', { name: /^Lokal brevlåda\s*\(öppnas i en ny flik\)$/ });
    expect(link.getAttribute('href')).toBe('/_mail');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('has no mailbox link elsewhere (in AWS there is no mailbox)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 401 })));
    renderAt('/login', '/login', AppHeader);
    await screen.findByRole('link', { name: 'Orchestra System' });
    expect(screen.queryByRole('link', { name: /brevlåda/ })).toBeNull();
  });

  it("does not link a musician's respond page to the admin login", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 401 })));
    renderAt('/respond/tok-0123456789abcdefghijklmnopqrstuvwxyz', '/respond/:token', AppHeader);
    expect(await screen.findByText('Orchestra System')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Orchestra System' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Hoppa till innehållet' })).toBeTruthy();
  });
});
