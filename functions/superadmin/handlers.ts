import { backUpOrchestra } from '../../shared/app/superadmin/back-up-orchestra';
import { listBackups } from '../../shared/app/superadmin/list-backups';
import { createOrchestra, retryProvisioning } from '../../shared/app/superadmin/create-orchestra';
import { changeOrchestraStatus, updateOrchestra } from '../../shared/app/superadmin/change-orchestra';
import { getMigrationRun, migrationOverview, startMigrationRun } from '../../shared/app/superadmin/migration-runs';
import { deactivateAdmin, inviteAdmin, listOrchestraAdmins, reactivateAdmin, resetAdminPassword } from '../../shared/app/superadmin/orchestra-admins';
import { requireOrchestraRow } from '../../shared/app/superadmin/orchestra-rows';
import { getOrchestra, listOrchestras } from '../../shared/app/superadmin/read-orchestras';
import { reconcileProvisioning } from '../../shared/app/provisioning/reconcile-provisioning';
import type { Actor } from '../../shared/app/audit/record-audit';
import { publicBaseUrl } from '../../shared/config/app-config';
import { defineRoute, type GroupHandlers, type RequestContext } from '../../shared/http/route-handler';
import type { Workflows } from '../../shared/ports/workflows';
import { idParams } from '../../shared/schemas/ids';
import {
  adminParams,
  createOrchestraBody,
  inviteAdminBody,
  orchestraPatchBody,
  orchestrasQuery,
  retryProvisioningBody,
} from '../../shared/schemas/superadmin';

/** The superadmin of the verified session (access 'superadmin': the chain has checked role and apex host). */
function superadmin(ctx: RequestContext<unknown, unknown, unknown>): Actor {
  if (!ctx.session || ctx.session.role !== 'superadmin') throw new Error('superadmin route without a superadmin session');
  return { userId: ctx.session.userId, email: ctx.session.email };
}

function workflowsOf(ctx: RequestContext<unknown, unknown, unknown>): Workflows {
  if (!ctx.runtime.workflows) throw new Error('this runtime starts no workflows');
  return ctx.runtime.workflows;
}

/**
 * Before an orchestra is shown or changed: one left `provisioning` by a run that ended without updating the
 * registry (or never started) is marked failed and rolled back, so it can be retried or archived.
 */
async function reconcile(ctx: RequestContext<unknown, unknown, unknown>, orchestraId?: string): Promise<void> {
  if (!ctx.runtime.workflows) return;
  await reconcileProvisioning({ control: ctx.runtime.control, workflows: ctx.runtime.workflows, now: ctx.runtime.clock.now() }, { orchestraId });
}

const statusChange = (transition: 'suspend' | 'resume' | 'archive') =>
  defineRoute({
    params: idParams,
    run: async (ctx) => {
      await reconcile(ctx, ctx.params.id);
      return { body: await changeOrchestraStatus(ctx.runtime.control, superadmin(ctx), ctx.params.id, transition, ctx.runtime.clock.now()) };
    },
  });

export const superadminHandlers: GroupHandlers = {
  'GET /api/superadmin/orchestras': defineRoute({
    query: orchestrasQuery,
    run: async (ctx) => {
      superadmin(ctx);
      await reconcile(ctx);
      return { body: await listOrchestras(ctx.runtime, ctx.query) };
    },
  }),

  'POST /api/superadmin/orchestras': defineRoute({
    body: createOrchestraBody,
    run: async (ctx) => {
      const created = await createOrchestra(
        { control: ctx.runtime.control, workflows: workflowsOf(ctx), orchestraFiles: (id) => ctx.runtime.orchestraFiles(id), now: ctx.runtime.clock.now() },
        superadmin(ctx),
        ctx.body,
      );
      return { status: 202, body: created, headers: { location: `/api/superadmin/orchestras/${created.orchestra.id}` } };
    },
  }),

  'GET /api/superadmin/orchestras/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      superadmin(ctx);
      await reconcile(ctx, ctx.params.id);
      return { body: await getOrchestra(ctx.runtime, ctx.params.id) };
    },
  }),

  'PATCH /api/superadmin/orchestras/{id}': defineRoute({
    params: idParams,
    body: orchestraPatchBody,
    run: async (ctx) => ({
      body: await updateOrchestra(
        { control: ctx.runtime.control, orchestraDatabase: (o) => ctx.runtime.orchestraDatabase(o), now: ctx.runtime.clock.now() },
        superadmin(ctx),
        ctx.params.id,
        ctx.body,
      ),
    }),
  }),

  'POST /api/superadmin/orchestras/{id}/suspend': statusChange('suspend'),
  'POST /api/superadmin/orchestras/{id}/resume': statusChange('resume'),
  'POST /api/superadmin/orchestras/{id}/archive': statusChange('archive'),

  'POST /api/superadmin/orchestras/{id}/retry-provisioning': defineRoute({
    params: idParams,
    body: retryProvisioningBody,
    run: async (ctx) => ({
      status: 202,
      body: await retryProvisioning(
        { control: ctx.runtime.control, workflows: workflowsOf(ctx), orchestraFiles: (id) => ctx.runtime.orchestraFiles(id), now: ctx.runtime.clock.now() },
        superadmin(ctx),
        ctx.params.id,
        ctx.body,
      ),
    }),
  }),

  'POST /api/superadmin/orchestras/{id}/backup': defineRoute({
    params: idParams,
    run: async (ctx) => ({
      status: 201,
      body: await backUpOrchestra(
        {
          control: ctx.runtime.control,
          orchestraFiles: (id) => ctx.runtime.orchestraFiles(id),
          orchestraDatabase: (o) => ctx.runtime.orchestraDatabase(o),
          now: ctx.runtime.clock.now(),
        },
        superadmin(ctx),
        ctx.params.id,
      ),
    }),
  }),

  'GET /api/superadmin/orchestras/{id}/backups': defineRoute({
    params: idParams,
    run: async (ctx) => {
      superadmin(ctx);
      return { body: await listBackups(ctx.runtime.control, ctx.params.id) };
    },
  }),

  'GET /api/superadmin/orchestras/{id}/admins': defineRoute({
    params: idParams,
    run: async (ctx) => {
      superadmin(ctx);
      return { body: await listOrchestraAdmins(ctx.runtime.control, ctx.params.id) };
    },
  }),

  'POST /api/superadmin/orchestras/{id}/admins': defineRoute({
    params: idParams,
    body: inviteAdminBody,
    run: async (ctx) => {
      const orchestra = await requireOrchestraRow(ctx.runtime.control, ctx.params.id);
      const admin = await inviteAdmin(ctx.runtime.control, superadmin(ctx), {
        orchestraId: ctx.params.id,
        body: ctx.body,
        orchestraUrl: publicBaseUrl(ctx.runtime.config, orchestra.subdomain),
        now: ctx.runtime.clock.now(),
      });
      return { status: 201, body: admin };
    },
  }),

  'POST /api/superadmin/orchestras/{id}/admins/{userId}/deactivate': defineRoute({
    params: adminParams,
    run: async (ctx) => ({
      body: await deactivateAdmin(ctx.runtime.control, superadmin(ctx), { orchestraId: ctx.params.id, userId: ctx.params.userId, now: ctx.runtime.clock.now() }),
    }),
  }),

  'POST /api/superadmin/orchestras/{id}/admins/{userId}/reactivate': defineRoute({
    params: adminParams,
    run: async (ctx) => ({
      body: await reactivateAdmin(ctx.runtime.control, superadmin(ctx), { orchestraId: ctx.params.id, userId: ctx.params.userId, now: ctx.runtime.clock.now() }),
    }),
  }),

  'POST /api/superadmin/orchestras/{id}/admins/{userId}/reset-password': defineRoute({
    params: adminParams,
    run: async (ctx) => {
      const orchestra = await requireOrchestraRow(ctx.runtime.control, ctx.params.id);
      await resetAdminPassword(ctx.runtime.control, superadmin(ctx), {
        orchestraId: ctx.params.id,
        userId: ctx.params.userId,
        orchestraUrl: publicBaseUrl(ctx.runtime.config, orchestra.subdomain),
        now: ctx.runtime.clock.now(),
      });
      return { status: 202, body: { message: 'A password reset link is on its way to the admin.' } };
    },
  }),

  'GET /api/superadmin/migrations': defineRoute({
    run: async (ctx) => {
      superadmin(ctx);
      return { body: await migrationOverview(ctx.runtime.control) };
    },
  }),

  'POST /api/superadmin/migrations/run': defineRoute({
    run: async (ctx) => {
      const run = await startMigrationRun({ control: ctx.runtime.control, workflows: workflowsOf(ctx), now: ctx.runtime.clock.now() }, superadmin(ctx));
      return { status: 202, body: run, headers: { location: `/api/superadmin/migrations/runs/${run.id}` } };
    },
  }),

  'GET /api/superadmin/migrations/runs/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      superadmin(ctx);
      return { body: await getMigrationRun({ control: ctx.runtime.control, workflows: ctx.runtime.workflows }, ctx.params.id) };
    },
  }),
};
