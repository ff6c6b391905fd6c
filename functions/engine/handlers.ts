import { previewProject, StalePlanError } from '../../shared/app/engine/preview-project';
import { projectStatus } from '../../shared/app/engine/project-status';
import { saveConflictChoices } from '../../shared/app/engine/save-conflict-choices';
import { sendProject } from '../../shared/app/engine/send-project';
import { topUpDepsFor } from '../../shared/app/engine/top-up-deps';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { conflictChoicesBody, previewQuery, sendBody, statusQuery } from '../../shared/schemas/engine';
import { idParams } from '../../shared/schemas/ids';

export const engineHandlers: GroupHandlers = {
  'GET /api/projects/{id}/preview': defineRoute({
    params: idParams,
    query: previewQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await previewProject(db, ctx.params.id, ctx.query.needId) };
    },
  }),

  'POST /api/projects/{id}/send': defineRoute({
    params: idParams,
    body: sendBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      try {
        return { body: await sendProject(db, topUpDepsFor(ctx.runtime, ctx.orchestra!.record), actor, ctx.params.id, ctx.body) };
      } catch (error) {
        // The admin sent an outdated preview: answer with the fresh one so the page can show what changed.
        if (error instanceof StalePlanError) {
          return { status: 409, body: { error: { code: error.code, message: error.message }, preview: error.preview } };
        }
        throw error;
      }
    },
  }),

  'GET /api/projects/{id}/status': defineRoute({
    params: idParams,
    query: statusQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await projectStatus(db, ctx.params.id, ctx.query.since) };
    },
  }),

  'PUT /api/projects/{id}/conflict-choices': defineRoute({
    params: idParams,
    body: conflictChoicesBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await saveConflictChoices(db, actor, ctx.params.id, ctx.body) };
    },
  }),
};
