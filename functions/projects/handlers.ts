import { getNeed, listNeeds } from '../../shared/app/needs/read-needs';
import { archiveNeed, createNeed, updateNeed } from '../../shared/app/needs/save-need';
import { getProject, listProjects } from '../../shared/app/projects/read-projects';
import { archiveProject, createProject, updateProject } from '../../shared/app/projects/save-project';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { idParams } from '../../shared/schemas/ids';
import {
  needCreateBody,
  needParams,
  needPatchBody,
  needsQuery,
  projectCreateBody,
  projectPatchBody,
  projectsQuery,
} from '../../shared/schemas/projects';

export const projectsHandlers: GroupHandlers = {
  'GET /api/projects': defineRoute({
    query: projectsQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await listProjects(db, ctx.query, ctx.runtime.clock.now()) };
    },
  }),

  'POST /api/projects': defineRoute({
    body: projectCreateBody,
    run: async (ctx) => {
      const { db, actor, plan } = await adminScope(ctx);
      return { status: 201, body: await createProject(db, actor, ctx.body, { plan, now: ctx.runtime.clock.now() }) };
    },
  }),

  'GET /api/projects/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await getProject(db, ctx.params.id) };
    },
  }),

  'PATCH /api/projects/{id}': defineRoute({
    params: idParams,
    body: projectPatchBody,
    run: async (ctx) => {
      const { db, actor, plan } = await adminScope(ctx);
      return { body: await updateProject(db, actor, ctx.params.id, ctx.body, { plan, now: ctx.runtime.clock.now() }) };
    },
  }),

  'POST /api/projects/{id}/archive': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await archiveProject(db, actor, ctx.params.id) };
    },
  }),

  'GET /api/projects/{id}/needs': defineRoute({
    params: idParams,
    query: needsQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      await getProject(db, ctx.params.id); // 404 for an unknown project rather than an empty list
      return { body: await listNeeds(db, ctx.params.id, ctx.query) };
    },
  }),

  'POST /api/projects/{id}/needs': defineRoute({
    params: idParams,
    body: needCreateBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await createNeed(db, actor, ctx.params.id, ctx.body) };
    },
  }),

  'GET /api/projects/{id}/needs/{needId}': defineRoute({
    params: needParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await getNeed(db, ctx.params.id, ctx.params.needId) };
    },
  }),

  'PATCH /api/projects/{id}/needs/{needId}': defineRoute({
    params: needParams,
    body: needPatchBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await updateNeed(db, actor, ctx.params.id, ctx.params.needId, ctx.body) };
    },
  }),

  'POST /api/projects/{id}/needs/{needId}/archive': defineRoute({
    params: needParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await archiveNeed(db, actor, ctx.params.id, ctx.params.needId) };
    },
  }),
};
