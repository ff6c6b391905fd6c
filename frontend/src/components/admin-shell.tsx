import type { JSX } from 'solid-js';
import { NavShell, type NavSection } from './nav-shell';

/** The orchestra admin's frame. Only screens that exist are linked. */
const sections: NavSection[] = [
  { href: '/', key: 'nav.dashboard' },
  { href: '/musicians', key: 'nav.musicians' },
  { href: '/instruments', key: 'nav.instruments' },
  { href: '/lists', key: 'nav.lists' },
  { href: '/projects', key: 'nav.projects' },
  { href: '/templates', key: 'nav.templates' },
  { href: '/settings', key: 'nav.settings' },
  { href: '/audit', key: 'nav.audit' },
];

export function AdminShell(props: { children?: JSX.Element }) {
  return (
    <NavShell label="Admin" sections={sections}>
      {props.children}
    </NavShell>
  );
}
