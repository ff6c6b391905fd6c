import { Navigate } from '@solidjs/router';
import { lazy, Show } from 'solid-js';
import { me } from '../api/session';

const Dashboard = lazy(() => import('./admin/dashboard'));

/** `/`: the admin's dashboard on an orchestra's host, the orchestra registry on the apex. */
export default function HomePage() {
  return (
    <Show when={me.latest?.user.role === 'superadmin'} fallback={<Dashboard />}>
      <Navigate href="/orchestras" />
    </Show>
  );
}
