import { A } from '@solidjs/router';
import { For, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';
import type { Dictionary } from '../i18n/sv';

export interface NavSection {
  href: string;
  key: `nav.${keyof Dictionary['nav']}`;
}

/** A frame with navigation beside the page; a link stays highlighted on its sub-pages (except `/`). */
export function NavShell(props: { label: string; sections: readonly NavSection[]; children?: JSX.Element }) {
  return (
    <div class="shell">
      <nav class="side-nav" aria-label={props.label}>
        <ul>
          <For each={props.sections}>
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
