import { changeNeedQuantity } from '../../shared/app/engine/change-quantity';
import { listGroupEmails, sendGroupEmail } from '../../shared/app/engine/group-email';
import { listProjectMessages } from '../../shared/app/engine/message-log';
import { pauseNeed, pauseProject, resumeNeed, resumeProject } from '../../shared/app/engine/pause-resume';
import type { RefillDeps } from '../../shared/app/engine/refill-needs';
import { resendEmail } from '../../shared/app/engine/resend-email';
import { withdrawRequest } from '../../shared/app/engine/withdraw-request';
import { getProject } from '../../shared/app/projects/read-projects';
import { publicBaseUrl } from '../../shared/config/app-config';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers, type RequestContext } from '../../shared/http/route-handler';
import { groupEmailBody, groupEmailsQuery, messagesQuery, quantityBody } from '../../shared/schemas/engine-controls';
import { idParams } from '../../shared/schemas/ids';
import { needParams } from '../../shared/schemas/projects';

/** The admin's hands on the running engine (SPEC §3.5): pause/resume, withdraw, quantity, resend, group email, log. */
export const engineControlsHandlers: GroupHandlers = {
  'POST /api/projects/{id}/needs/{needId}/pause': defineRoute({
    params: needParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await pauseNeed(db, actor, ctx.params.id, ctx.params.needId) };
    },
  }),

  'POST /api/projects/{id}/needs/{needId}/resume': defineRoute({
    params: needParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await resumeNeed(db, actor, refillDeps(ctx), ctx.params.id, ctx.params.needId) };
    },
  }),

  'POST /api/projects/{id}/pause': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await pauseProject(db, actor, ctx.params.id) };
    },
  }),

  'POST /api/projects/{id}/resume': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await resumeProject(db, actor, refillDeps(ctx), ctx.params.id) };
    },
  }),

  'PUT /api/projects/{id}/needs/{needId}/quantity': defineRoute({
    params: needParams,
    body: quantityBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await changeNeedQuantity(db, actor, refillDeps(ctx), ctx.params.id, ctx.params.needId, ctx.body.quantity) };
    },
  }),

  'POST /api/requests/{id}/withdraw': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await withdrawRequest(db, actor, refillDeps(ctx), ctx.params.id) };
    },
  }),

  'POST /api/outbox/{id}/resend': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await resendEmail(db, actor, ctx.params.id) };
    },
  }),

  'GET /api/projects/{id}/messages': defineRoute({
    params: idParams,
    query: messagesQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      await getProject(db, ctx.params.id); // 404 for an unknown project rather than an empty log
      return { body: await listProjectMessages(db, ctx.params.id, ctx.query) };
    },
  }),

  'POST /api/projects/{id}/group-emails': defineRoute({
    params: idParams,
    body: groupEmailBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await sendGroupEmail(db, actor, ctx.params.id, ctx.body) };
    },
  }),

  'GET /api/projects/{id}/group-emails': defineRoute({
    params: idParams,
    query: groupEmailsQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      await getProject(db, ctx.params.id);
      return { body: await listGroupEmails(db, ctx.params.id, ctx.query) };
    },
  }),
};

function refillDeps(ctx: RequestContext<unknown, unknown, unknown>): RefillDeps {
  const orchestra = ctx.orchestra!.record;
  return {
    clock: ctx.runtime.clock,
    orchestraBaseUrl: publicBaseUrl(ctx.runtime.config, orchestra.subdomain),
    control: ctx.runtime.control,
    orchestraId: orchestra.id,
  };
}
