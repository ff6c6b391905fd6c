import { A, useLocation, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import { logout, me } from '../api/session';
import { t } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

/** The local twin marks its pages with this meta tag; in AWS there is no mailbox and no link. */
const localMailbox = () => document.querySelector<HTMLMetaElement>('meta[name="local-mailbox"]')?.content;

export function AppHeader() {
  const navigate = useNavigate();
  const location = useLocation();
  // A musician answering a request has no business at the admin login: there the brand is a name, not a link.
  const musicianPage = () => location.pathname.startsWith('/respond/');
  const account = () => (me.state === 'ready' ? me() : null);
  async function signOut() {
    await logout();
    navigate('/login', { replace: true });
  }
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Show
        when={!musicianPage()}
        fallback={<span class="brand">{t('app.name')}</span>}
      >
        <A href="/" class="brand">
          {account()?.orchestra?.name ?? t('app.name')}
        </A>
      </Show>
      <div class="header-tools">
        <Show when={localMailbox()}>
          {(href) => (
            <a href={href()} target="_blank" rel="noopener">
              {t('app.mailbox')}
              <span class="visually-hidden">{` (${t('app.newTab')})`}</span>
            </a>
          )}
        </Show>
        <LanguageSwitch />
        <Show when={account()}>
          {(who) => (
            <>
              <span class="who">{who().user.email}</span>
              <button type="button" class="link-button" onClick={signOut}>
                {t('auth.logout')}
              </button>
            </>
          )}
        </Show>
      </div>
    </header>
  );
}
