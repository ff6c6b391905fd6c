import { A } from '@solidjs/router';
import { For, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';

/** The superadmin's frame on the apex host. */
const sections = [
  { href: '/orchestras', key: 'nav.orchestras' },
  { href: '/migrations', key: 'nav.migrations' },
] as const;

export function SuperadminShell(props: { children?: JSX.Element }) {
  return (
    <div class="shell">
      <nav class="side-nav" aria-label="Superadmin">
        <ul>
          <For each={sections}>
            {(section) => (
              <li>
                <A href={section.href} activeClass="active">
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
