import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { checkHealth } from '../../shared/app/system/check-health';

export const systemHandlers: GroupHandlers = {
  'GET /api/health': defineRoute({
    run: async ({ runtime, orchestra }) => {
      const report = await checkHealth(runtime.control, orchestra ? await orchestra.db() : null);
      return { status: report.ok ? 200 : 503, body: { ...report, orchestra: orchestra?.record.subdomain ?? null } };
    },
  }),
};
