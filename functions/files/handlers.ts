import { confirmFileUpload } from '../../shared/app/files/confirm-file-upload';
import { createFileUpload } from '../../shared/app/files/create-file-upload';
import { deleteFile } from '../../shared/app/files/delete-file';
import { fileDownloadLink } from '../../shared/app/files/file-download-link';
import { findFile, listFiles, publicFile } from '../../shared/app/files/read-files';
import { updateFile } from '../../shared/app/files/update-file';
import { adminScope } from '../../shared/http/admin-context';
import { defineRoute, type GroupHandlers } from '../../shared/http/route-handler';
import { fileCreateBody, fileParams, filePatchBody, filesQuery } from '../../shared/schemas/files';
import { idParams } from '../../shared/schemas/ids';

export const filesHandlers: GroupHandlers = {
  'GET /api/projects/{id}/files': defineRoute({
    params: idParams,
    query: filesQuery,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: await listFiles(db, ctx.params.id, ctx.query) };
    },
  }),

  'POST /api/projects/{id}/files': defineRoute({
    params: idParams,
    body: fileCreateBody,
    run: async (ctx) => {
      const { db, actor, orchestraId } = await adminScope(ctx);
      return { status: 201, body: await createFileUpload(db, ctx.runtime.orchestraFiles(orchestraId), { actor, orchestraId }, ctx.params.id, ctx.body) };
    },
  }),

  'GET /api/projects/{id}/files/{fileId}': defineRoute({
    params: fileParams,
    run: async (ctx) => {
      const { db } = await adminScope(ctx);
      return { body: publicFile(await findFile(db, ctx.params.id, ctx.params.fileId, { confirmedOnly: true })) };
    },
  }),

  'PATCH /api/projects/{id}/files/{fileId}': defineRoute({
    params: fileParams,
    body: filePatchBody,
    run: async (ctx) => {
      const { db, actor } = await adminScope(ctx);
      return { body: await updateFile(db, actor, ctx.params.id, ctx.params.fileId, ctx.body) };
    },
  }),

  'DELETE /api/projects/{id}/files/{fileId}': defineRoute({
    params: fileParams,
    run: async (ctx) => {
      const { db, actor, orchestraId } = await adminScope(ctx);
      await deleteFile(db, ctx.runtime.orchestraFiles(orchestraId), actor, ctx.params.id, ctx.params.fileId);
      return { status: 204 };
    },
  }),

  'POST /api/projects/{id}/files/{fileId}/confirm': defineRoute({
    params: fileParams,
    run: async (ctx) => {
      const { db, actor, orchestraId } = await adminScope(ctx);
      return { body: await confirmFileUpload(db, ctx.runtime.orchestraFiles(orchestraId), actor, ctx.params.id, ctx.params.fileId) };
    },
  }),

  'GET /api/projects/{id}/files/{fileId}/download': defineRoute({
    params: fileParams,
    run: async (ctx) => {
      const { db, orchestraId } = await adminScope(ctx);
      return { body: await fileDownloadLink(db, ctx.runtime.orchestraFiles(orchestraId), ctx.params.id, ctx.params.fileId, ctx.runtime.clock.now()) };
    },
  }),
};
