import type { GroupHandlers } from '../shared/http/route-handler';
import { auditHandlers } from './audit/handlers';
import { authHandlers } from './auth/handlers';
import { dashboardHandlers } from './dashboard/handlers';
import { engineHandlers } from './engine/handlers';
import { engineControlsHandlers } from './engine-controls/handlers';
import { filesHandlers } from './files/handlers';
import { instrumentsHandlers } from './instruments/handlers';
import { listsHandlers } from './lists/handlers';
import { musiciansHandlers } from './musicians/handlers';
import { projectsHandlers } from './projects/handlers';
import { respondHandlers } from './respond/handlers';
import type { RouteGroup } from './routes';
import { settingsHandlers } from './settings/handlers';
import { superadminHandlers } from './superadmin/handlers';
import { systemHandlers } from './system/handlers';
import { templatesHandlers } from './templates/handlers';

/** Every route group's implementations, for runtimes that host all groups in one process (local, tests). */
export const groupHandlers: Record<RouteGroup, GroupHandlers> = {
  system: systemHandlers,
  auth: authHandlers,
  lists: listsHandlers,
  projects: projectsHandlers,
  instruments: instrumentsHandlers,
  templates: templatesHandlers,
  settings: settingsHandlers,
  files: filesHandlers,
  dashboard: dashboardHandlers,
  audit: auditHandlers,
  superadmin: superadminHandlers,
  engine: engineHandlers,
  musicians: musiciansHandlers,
  respond: respondHandlers,
  'engine-controls': engineControlsHandlers,
};
