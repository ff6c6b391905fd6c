import { cleanup, fireEvent, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppHeader } from '../../frontend/src/components/app-header';
import { loadAdminTexts, setLocale, t, type Locale } from '../../frontend/src/i18n/i18n';
import ForgotPasswordPage from '../../frontend/src/pages/forgot-password';
import InvitationPage from '../../frontend/src/pages/invitation';
import LoginPage from '../../frontend/src/pages/login';
import NotFoundPage from '../../frontend/src/pages/not-found';
import RespondPage from '../../frontend/src/pages/respond';
import type { RespondView } from '../../frontend/src/pages/respond-types';
import SetPasswordPage from '../../frontend/src/pages/set-password';
import { json } from './api-stub';
import { respondToken, respondView } from './respond-fixtures';
import { renderAt } from './render-at';

/**
 * The public pages download only the public texts (the entry chunk); the admin texts come with the signed-in
 * area. This file runs without them (admin-texts-setup.ts skips it by name): every state of the public pages is
 * rendered with the public texts only, then again with all texts, and must come out the same — a text the public
 * part lacks would be missing from the first rendering.
 */

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const token = respondToken;
const view = (language: Locale, over: Partial<RespondView> = {}): RespondView => respondView({ language, ...over });

const answer = (fetch: (init?: RequestInit) => Response | Promise<Response>) => vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) => fetch(init)));
const refusal = (status: number, code: string, message: string, fields?: unknown[]) => json(status, { error: { code, message, fields } });
const main = () => document.body;
const appears = (selector: string) => waitFor(() => expect(main().querySelector(selector)).not.toBeNull());
const click = (selector: string) => fireEvent.click(main().querySelector(selector)!);
const type = (selector: string, value: string) => fireEvent.input(main().querySelector(selector)!, { target: { value } });

/** Walks every state of the public pages in one language; returns what each looked like. */
async function publicPages(language: Locale): Promise<string[]> {
  setLocale(language, false);
  const seen: string[] = [];
  const look = () => void seen.push(main().innerHTML);
  const fresh = () => {
    cleanup();
    vi.unstubAllGlobals();
  };

  answer(() => refusal(401, 'unauthorized', 'Log in to continue.'));
  const meta = Object.assign(document.createElement('meta'), { name: 'local-mailbox', content: '/_mail' });
  document.head.append(meta);
  renderAt('/login', '/login', AppHeader);
  await appears('a[href="/_mail"]');
  look();
  fresh();
  renderAt(`/respond/${token}`, '/respond/:token', AppHeader);
  await appears('.brand');
  look();
  meta.remove();
  fresh();

  answer(() => refusal(401, 'invalid_credentials', 'Wrong email or password.'));
  renderAt('/login', '/login', LoginPage);
  await appears('form');
  look();
  click('button[type="submit"]');
  await appears('[aria-invalid="true"]');
  look();
  type('#login-email', 'anna@example.org');
  type('#login-password', 'ett-langt-losenord');
  click('button[type="submit"]');
  await appears('[role="alert"]');
  look();
  fresh();

  answer(() => new Response(null, { status: 204 }));
  renderAt('/forgot-password', '/forgot-password', ForgotPasswordPage);
  await appears('form');
  look();
  type('#forgot-email', 'anna@example.org');
  click('button[type="submit"]');
  await appears('[role="status"]');
  look();
  fresh();

  answer(() => refusal(400, 'bad_request', 'This link is invalid, already used or expired. Ask for a new one.', [{ field: 'token', message: 'is invalid, already used or expired' }]));
  renderAt(`/reset-password#token=${token}`, '/reset-password', SetPasswordPage);
  await appears('form');
  look();
  type('#new-password', 'ett-langt-losenord');
  type('#repeat-password', 'ett-annat-losenord');
  click('button[type="submit"]');
  await appears('[aria-invalid="true"]');
  look();
  type('#repeat-password', 'ett-langt-losenord');
  click('button[type="submit"]');
  await appears('a[href="/forgot-password"]');
  look();
  fresh();
  renderAt('/set-password', '/set-password', InvitationPage);
  await appears('[role="alert"]');
  look();
  fresh();

  renderAt('/nowhere', '/nowhere', NotFoundPage);
  await appears('h1');
  look();
  fresh();

  const respond = `/respond/${token}`;
  answer((init) => (init?.method === 'POST' ? json(200, view(language, { state: 'accepted', answer: 'yes' })) : json(200, view(language))));
  renderAt(respond, '/respond/:token', RespondPage);
  await appears('h1');
  look();
  click('.answers button');
  await appears('#confirm-text');
  look();
  click('.answers button');
  await appears('.message.ok');
  look();
  for (const state of ['declined', 'filled', 'expired'] as const) {
    fresh();
    answer(() => json(200, view(language, { state, answer: state === 'declined' ? 'no' : null })));
    renderAt(respond, '/respond/:token', RespondPage);
    await appears('[role="status"]:not(.loading)');
    look();
  }
  for (const failure of [refusal(404, 'not_found', 'Not found.'), refusal(423, 'suspended', 'Demo Symfoniorkester is suspended.')]) {
    fresh();
    answer(() => failure);
    renderAt(respond, '/respond/:token', RespondPage);
    await waitFor(() => expect(main().querySelector('.loading')).toBeNull());
    await waitFor(() => expect(main().querySelector('[role="alert"], [role="status"]')).not.toBeNull());
    look();
  }
  fresh();
  return seen;
}

describe('the public texts', () => {
  it('are all the public pages need, in both languages', async () => {
    expect(t('nav.dashboard')).toBeUndefined(); // this file really runs without the admin texts
    const publicOnly = [...(await publicPages('sv')), ...(await publicPages('en'))];
    await Promise.all([loadAdminTexts('sv'), loadAdminTexts('en')]);
    expect(t('nav.dashboard')).toBeTruthy();
    const withAll = [...(await publicPages('sv')), ...(await publicPages('en'))];
    expect(publicOnly).toEqual(withAll);
    // Not two equally empty renderings: the pages did show their texts.
    expect(publicOnly.join()).toContain('Logga in');
    expect(publicOnly.join()).toContain('Hello Sara!');
    setLocale('sv', false);
  });
});
