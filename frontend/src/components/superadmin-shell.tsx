import type { JSX } from 'solid-js';
import { NavShell, type NavSection } from './nav-shell';

/** The superadmin's frame on the apex host. */
const sections: NavSection[] = [
  { href: '/orchestras', key: 'nav.orchestras' },
  { href: '/migrations', key: 'nav.migrations' },
];

export function SuperadminShell(props: { children?: JSX.Element }) {
  return (
    <NavShell label="Superadmin" sections={sections}>
      {props.children}
    </NavShell>
  );
}
