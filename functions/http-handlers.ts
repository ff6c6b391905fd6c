import type { GroupHandlers } from '../shared/http/route-handler';
import { authHandlers } from './auth/handlers';
import { listsHandlers } from './lists/handlers';
import { projectsHandlers } from './projects/handlers';
import type { RouteGroup } from './routes';
import { systemHandlers } from './system/handlers';

/** Every route group's implementations, for runtimes that host all groups in one process (local, tests). */
export const groupHandlers: Record<RouteGroup, GroupHandlers> = {
  system: systemHandlers,
  auth: authHandlers,
  lists: listsHandlers,
  projects: projectsHandlers,
};
