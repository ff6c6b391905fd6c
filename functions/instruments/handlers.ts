import { archiveInstrument, restoreInstrument } from '../../shared/app/instruments/archive-instrument';
import { archivePosition, restorePosition } from '../../shared/app/instruments/archive-position';
import { getInstrument, listInstruments } from '../../shared/app/instruments/read-instruments';
import { getPosition, listPositions } from '../../shared/app/instruments/read-positions';
import { createInstrument, renameInstrument, reorderInstruments } from '../../shared/app/instruments/save-instrument';
import { createPosition, renamePosition, reorderPositions } from '../../shared/app/instruments/save-position';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { idParams } from '../../shared/schemas/ids';
import {
  instrumentBody,
  instrumentOrderBody,
  instrumentsQuery,
  positionCreateBody,
  positionOrderBody,
  positionPatchBody,
  positionsQuery,
} from '../../shared/schemas/instruments';

export const instrumentsHandlers: GroupHandlers = {
  'GET /api/instruments': defineRoute({
    query: instrumentsQuery,
    run: async (ctx) => ({ body: await listInstruments((await adminScope(ctx)).db, ctx.query) }),
  }),

  'POST /api/instruments': defineRoute({
    body: instrumentBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await createInstrument(db, actor, ctx.body.name) };
    },
  }),

  'PUT /api/instruments/order': defineRoute({
    body: instrumentOrderBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await reorderInstruments(db, actor, ctx.body.instrumentIds) };
    },
  }),

  'GET /api/instruments/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => ({ body: await getInstrument((await adminScope(ctx)).db, ctx.params.id) }),
  }),

  'PATCH /api/instruments/{id}': defineRoute({
    params: idParams,
    body: instrumentBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await renameInstrument(db, actor, ctx.params.id, ctx.body.name) };
    },
  }),

  'POST /api/instruments/{id}/archive': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await archiveInstrument(db, actor, ctx.params.id) };
    },
  }),

  'POST /api/instruments/{id}/restore': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await restoreInstrument(db, actor, ctx.params.id) };
    },
  }),

  'PUT /api/instruments/{id}/positions/order': defineRoute({
    params: idParams,
    body: positionOrderBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await reorderPositions(db, actor, ctx.params.id, ctx.body.positionIds) };
    },
  }),

  'GET /api/positions': defineRoute({
    query: positionsQuery,
    run: async (ctx) => ({ body: await listPositions((await adminScope(ctx)).db, ctx.query) }),
  }),

  'POST /api/positions': defineRoute({
    body: positionCreateBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await createPosition(db, actor, ctx.body) };
    },
  }),

  'GET /api/positions/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => ({ body: await getPosition((await adminScope(ctx)).db, ctx.params.id) }),
  }),

  'PATCH /api/positions/{id}': defineRoute({
    params: idParams,
    body: positionPatchBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await renamePosition(db, actor, ctx.params.id, ctx.body.name) };
    },
  }),

  'POST /api/positions/{id}/archive': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await archivePosition(db, actor, ctx.params.id) };
    },
  }),

  'POST /api/positions/{id}/restore': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await restorePosition(db, actor, ctx.params.id) };
    },
  }),
};
