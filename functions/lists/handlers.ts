import {
  addRankingListEntry,
  clearRankingList,
  removeRankingListEntry,
  reorderRankingList,
  updateRankingListDescription,
} from '../../shared/app/ranking-lists/edit-ranking-list-entries';
import { createCustomList, deleteCustomList } from '../../shared/app/ranking-lists/custom-lists';
import { getRankingList, listRankingLists } from '../../shared/app/ranking-lists/read-ranking-lists';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { idParams } from '../../shared/schemas/ids';
import {
  addEntryBody,
  customListBody,
  rankingListEntryParams,
  rankingListPatchBody,
  rankingListsQuery,
  reorderBody,
} from '../../shared/schemas/ranking-lists';

export const listsHandlers: GroupHandlers = {
  'GET /api/ranking-lists': defineRoute({
    query: rankingListsQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await listRankingLists(db, ctx.query) };
    },
  }),

  'GET /api/ranking-lists/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await getRankingList(db, ctx.params.id) };
    },
  }),

  'PATCH /api/ranking-lists/{id}': defineRoute({
    params: idParams,
    body: rankingListPatchBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await updateRankingListDescription(db, actor, ctx.params.id, ctx.body.description) };
    },
  }),

  'DELETE /api/ranking-lists/{id}': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      const result = await deleteCustomList(db, actor, ctx.params.id);
      return result.outcome === 'deleted' ? { status: 204 } : { body: result.list };
    },
  }),

  'POST /api/ranking-lists/{id}/entries': defineRoute({
    params: idParams,
    body: addEntryBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await addRankingListEntry(db, actor, ctx.params.id, ctx.body) };
    },
  }),

  'DELETE /api/ranking-lists/{id}/entries/{musicianId}': defineRoute({
    params: rankingListEntryParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await removeRankingListEntry(db, actor, ctx.params.id, ctx.params.musicianId) };
    },
  }),

  'PUT /api/ranking-lists/{id}/order': defineRoute({
    params: idParams,
    body: reorderBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await reorderRankingList(db, actor, ctx.params.id, ctx.body.musicianIds) };
    },
  }),

  'POST /api/ranking-lists/{id}/clear': defineRoute({
    params: idParams,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await clearRankingList(db, actor, ctx.params.id) };
    },
  }),

  'POST /api/projects/{id}/custom-lists': defineRoute({
    params: idParams,
    body: customListBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { status: 201, body: await createCustomList(db, actor, ctx.params.id, ctx.body) };
    },
  }),
};
