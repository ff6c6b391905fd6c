import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { createResource, lazy } from 'solid-js';
import { AdminShell } from './components/admin-shell';
import { Loadable } from './components/loadable';
import { RequireSession } from './components/require-session';
import { SuperadminShell } from './components/superadmin-shell';
import { loadAdminTexts } from './i18n/i18n';

/**
 * The web app's route table; pages load lazily so the musician's respond page never downloads the admin app.
 * The host decides whose app this is: an orchestra's host serves its admins, the apex serves the superadmin.
 */
function SignedInArea(props: RouteSectionProps) {
  // The admin and superadmin texts come with the signed-in area (fetched alongside the session check);
  // the shells render once they are in, so no screen shows empty texts.
  const [adminTexts, { refetch }] = createResource(() => loadAdminTexts().then(() => true));
  return (
    <RequireSession>
      {(account) => (
        <Loadable resource={adminTexts} onRetry={() => void refetch()}>
          {() => (account.user.role === 'superadmin' ? <SuperadminShell>{props.children}</SuperadminShell> : <AdminShell>{props.children}</AdminShell>)}
        </Loadable>
      )}
    </RequireSession>
  );
}

/** Screens of the orchestra admin, inside the admin shell (its navigation lists them). */
const adminRoutes: RouteDefinition[] = [
  { path: '/', component: lazy(() => import('./pages/home')) },
  { path: '/projects', component: lazy(() => import('./pages/admin/projects')) },
  { path: '/projects/:id', component: lazy(() => import('./pages/admin/project-detail')) },
  { path: '/projects/:id/messages', component: lazy(() => import('./pages/admin/project-messages-log')) },
  { path: '/projects/:id/group-email', component: lazy(() => import('./pages/admin/project-group-email')) },
  { path: '/lists', component: lazy(() => import('./pages/admin/ranking-lists')) },
  { path: '/instruments', component: lazy(() => import('./pages/admin/instruments')) },
  { path: '/templates', component: lazy(() => import('./pages/admin/templates')) },
  { path: '/templates/:type/:language', component: lazy(() => import('./pages/admin/templates-editor')) },
  { path: '/settings', component: lazy(() => import('./pages/admin/settings')) },
  { path: '/audit', component: lazy(() => import('./pages/admin/audit')) },
  { path: '/musicians', component: lazy(() => import('./pages/admin/musicians')) },
  { path: '/musicians/new', component: lazy(() => import('./pages/admin/musician-form')) },
  { path: '/musicians/import', component: lazy(() => import('./pages/admin/musician-import')) },
  { path: '/musicians/:id', component: lazy(() => import('./pages/admin/musician-profile')) },
  { path: '/musicians/:id/edit', component: lazy(() => import('./pages/admin/musician-form')) },
];

/** Screens of the superadmin on the apex host (the API refuses them anywhere else). */
const superadminRoutes: RouteDefinition[] = [
  { path: '/orchestras', component: lazy(() => import('./pages/superadmin/orchestras')) },
  { path: '/orchestras/:id', component: lazy(() => import('./pages/superadmin/orchestra-detail')) },
  { path: '/migrations', component: lazy(() => import('./pages/superadmin/migrations')) },
];

export const routes: RouteDefinition[] = [
  { path: '/login', component: lazy(() => import('./pages/login')) },
  { path: '/forgot-password', component: lazy(() => import('./pages/forgot-password')) },
  { path: '/reset-password', component: lazy(() => import('./pages/set-password')) },
  { path: '/set-password', component: lazy(() => import('./pages/invitation')) },
  { path: '/respond/:token', component: lazy(() => import('./pages/respond')) },
  { path: '/', component: SignedInArea, children: [...adminRoutes, ...superadminRoutes] },
  { path: '*', component: lazy(() => import('./pages/not-found')) },
];
