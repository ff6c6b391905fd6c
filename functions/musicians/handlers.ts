import { archiveMusician, restoreMusician } from '../../shared/app/musicians/archive-musician';
import { eraseMusician } from '../../shared/app/musicians/erase-musician';
import { exportMusician } from '../../shared/app/musicians/export-musician';
import { ImportRefused, importMusicians } from '../../shared/app/musicians/import-musicians';
import { getMusicianProfile } from '../../shared/app/musicians/musician-profile';
import { musicianPlanUsage } from '../../shared/app/musicians/musician-plan';
import { getMusician, listMusicians, type MusicianList } from '../../shared/app/musicians/read-musicians';
import { createMusician, updateMusician } from '../../shared/app/musicians/save-musician';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { idParams } from '../../shared/schemas/ids';
import { musicianCreateBody, musicianImportBody, musicianPatchBody, musiciansQuery } from '../../shared/schemas/musicians';

export const musiciansHandlers: GroupHandlers = {
  'GET /api/musicians': defineRoute({
    query: musiciansQuery,
    run: async (ctx) => {
      const { db, plan } = await adminScope(ctx);
      const page = await listMusicians(db, ctx.query);
      const body: MusicianList = { ...page, plan: await musicianPlanUsage(db, plan) };
      return { body };
    },
  }),

  'POST /api/musicians': defineRoute({
    body: musicianCreateBody,
    run: async (ctx) => {
      const { db, actor, plan } = await adminScope(ctx);
      return { status: 201, body: await createMusician(db, actor, plan, ctx.body) };
    },
  }),

  'GET /api/musicians/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await getMusician(db, ctx.params.id) };
    },
  }),

  'PATCH /api/musicians/{id}': defineRoute({
    params: idParams,
    body: musicianPatchBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await updateMusician(db, actor, ctx.params.id, ctx.body) };
    },
  }),

  'POST /api/musicians/{id}/archive': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await archiveMusician(db, actor, ctx.params.id) };
    },
  }),

  'POST /api/musicians/{id}/restore': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor, plan } = await adminScope(ctx);
      return { body: await restoreMusician(db, actor, plan, ctx.params.id) };
    },
  }),

  'GET /api/musicians/{id}/profile': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await getMusicianProfile(db, ctx.params.id) };
    },
  }),

  'POST /api/musicians/import': defineRoute({
    body: musicianImportBody,
    run: async (ctx) => {
      const { db, actor, plan } = await adminScope(ctx);
      try {
        const report = await importMusicians(db, actor, plan, ctx.body);
        return { status: report.dryRun ? 200 : 201, body: report };
      } catch (error) {
        // The real run refuses with the dry run's report, so the admin sees every line to fix.
        if (!(error instanceof ImportRefused)) throw error;
        return { status: 400, body: { error: { code: error.code, message: error.message, fields: error.fields }, ...error.report } };
      }
    },
  }),

  'GET /api/musicians/{id}/export': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      const body = await exportMusician(db, ctx.params.id, ctx.runtime.clock.now());
      return { body, headers: { 'content-disposition': `attachment; filename="${body.musician.code}.json"` } };
    },
  }),

  'POST /api/musicians/{id}/erase': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await eraseMusician(db, actor, ctx.params.id) };
    },
  }),
};
