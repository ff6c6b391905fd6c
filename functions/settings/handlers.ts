import { updateSettings } from '../../shared/app/settings/save-settings';
import { settingsView } from '../../shared/app/settings/settings-view';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { settingsPatchBody } from '../../shared/schemas/settings';

export const settingsHandlers: GroupHandlers = {
  'GET /api/settings': defineRoute({
    run: async (ctx) => {
      const { db, orchestraId, plan } = await adminScope(ctx);
      const orchestra = { id: orchestraId, name: ctx.orchestra!.record.name, plan };
      return { body: await settingsView(db, ctx.runtime.control, orchestra, ctx.runtime.clock.now()) };
    },
  }),

  'PATCH /api/settings': defineRoute({
    body: settingsPatchBody,
    run: async (ctx) => {
      const { db, actor, orchestraId, plan } = await adminScope(ctx);
      const orchestra = { id: orchestraId, name: ctx.orchestra!.record.name, plan };
      return { body: await updateSettings(db, actor, ctx.runtime.control, orchestra, ctx.body, ctx.runtime.clock.now()) };
    },
  }),
};
