import { listAudit } from '../../shared/app/audit/list-audit';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { auditQuery } from '../../shared/schemas/audit';

export const auditHandlers: GroupHandlers = {
  'GET /api/audit': defineRoute({
    query: auditQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await listAudit(db, ctx.query) };
    },
  }),
};
