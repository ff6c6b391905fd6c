import { A } from '@solidjs/router';
import { For, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';

/** The orchestra admin's frame: navigation beside the page. Only screens that exist are linked. */
const sections = [
  { href: '/', key: 'nav.dashboard' },
  { href: '/musicians', key: 'nav.musicians' },
  { href: '/instruments', key: 'nav.instruments' },
  { href: '/lists', key: 'nav.lists' },
  { href: '/projects', key: 'nav.projects' },
  { href: '/templates', key: 'nav.templates' },
  { href: '/settings', key: 'nav.settings' },
  { href: '/audit', key: 'nav.audit' },
] as const;

export function AdminShell(props: { children?: JSX.Element }) {
  return (
    <div class="shell">
      <nav class="side-nav" aria-label="Admin">
        <ul>
          <For each={sections}>
            {(section) => (
              <li>
                <A href={section.href} end={section.href === '/'} activeClass="active">
                  {t(section.key)}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <main id="main">{props.children}</main>
    </div>
  );
}
