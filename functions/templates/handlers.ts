import { publicBaseUrl } from '../../shared/config/app-config';
import { previewTemplate } from '../../shared/app/templates/preview-template';
import { getTemplate, listTemplates } from '../../shared/app/templates/read-templates';
import { resetTemplate, saveTemplate } from '../../shared/app/templates/save-template';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { templateBody, templateParams, templatePreviewBody } from '../../shared/schemas/templates';

export const templatesHandlers: GroupHandlers = {
  'GET /api/templates': defineRoute({
    run: async (ctx) => ({ body: await listTemplates((await adminScope(ctx)).db) }),
  }),

  'GET /api/templates/{type}/{language}': defineRoute({
    params: templateParams,
    run: async (ctx) => ({ body: await getTemplate((await adminScope(ctx)).db, ctx.params.type, ctx.params.language) }),
  }),

  'PUT /api/templates/{type}/{language}': defineRoute({
    params: templateParams,
    body: templateBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await saveTemplate(db, actor, ctx.params.type, ctx.params.language, ctx.body) };
    },
  }),

  'POST /api/templates/{type}/{language}/preview': defineRoute({
    params: templateParams,
    body: templatePreviewBody,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      const record = ctx.orchestra!.record;
      return {
        body: await previewTemplate(db, ctx.params.type, ctx.params.language, ctx.body, {
          now: ctx.runtime.clock.now(),
          fallbackOrchestraName: record.name,
          baseUrl: publicBaseUrl(ctx.runtime.config, record.subdomain),
        }),
      };
    },
  }),

  'POST /api/templates/{type}/{language}/reset': defineRoute({
    params: templateParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await resetTemplate(db, actor, ctx.params.type, ctx.params.language) };
    },
  }),
};
