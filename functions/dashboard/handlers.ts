import { readDashboard } from '../../shared/app/dashboard/read-dashboard';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';

export const dashboardHandlers: GroupHandlers = {
  'GET /api/dashboard': defineRoute({
    run: async (ctx) => {
      const { db, orchestraId, plan } = await adminScope(ctx);
      return { body: await readDashboard(db, ctx.runtime.control, { id: orchestraId, plan }, ctx.runtime.clock.now()) };
    },
  }),
};
