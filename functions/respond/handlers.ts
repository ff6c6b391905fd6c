import { answerRequest } from '../../shared/app/engine/respond-answer';
import { readRespondView, requireRequestIdByToken } from '../../shared/app/engine/respond-view';
import { refillProject } from '../../shared/app/engine/refill-needs';
import { publicBaseUrl } from '../../shared/config/app-config';
import { unknownLinkMessage } from '../../shared/domain/engine/respond-state';
import { respondFileLinkSeconds } from '../../shared/domain/file-rules';
import { AppError, notFound } from '../../shared/http/errors';
import { defineRoute, type GroupHandlers, type RequestContext } from '../../shared/http/route-handler';
import { respondAnswerBody, respondParams } from '../../shared/schemas/respond';

/** The musician's side (SPEC §3.5): public routes on the orchestra's host, reached only with a link token. */
export const respondHandlers: GroupHandlers = {
  'GET /api/respond/{token}': defineRoute({
    params: respondParams,
    run: async (ctx) => {
      const db = await orchestraDb(ctx);
      const requestId = await requireRequestIdByToken(db, ctx.params.token);
      // Reads only: mail scanners open links, and opening one must change nothing.
      const files = ctx.runtime.orchestraFiles(ctx.orchestra!.record.id);
      const presign = (storageKey: string, filename: string) => files.presignDownload(storageKey, { filename, expiresInSeconds: respondFileLinkSeconds });
      return { body: await readRespondView(db, requestId, ctx.runtime.clock.now(), presign), headers: { 'cache-control': 'no-store' } };
    },
  }),

  'POST /api/respond/{token}': defineRoute({
    params: respondParams,
    body: respondAnswerBody,
    run: async (ctx) => {
      const db = await orchestraDb(ctx);
      const requestId = await requireRequestIdByToken(db, ctx.params.token);
      const result = await answerRequest(db, requestId, ctx.body.answer, ctx.runtime.clock.now());
      if (result.refill) {
        const { projectId, needId } = result.refill;
        const orchestra = ctx.orchestra!.record;
        try {
          await refillProject(
            db,
            { clock: ctx.runtime.clock, orchestraBaseUrl: publicBaseUrl(ctx.runtime.config, orchestra.subdomain), control: ctx.runtime.control, orchestraId: orchestra.id },
            projectId,
            [needId],
          );
        } catch (error) {
          // The answer is recorded either way; the tick's stalled-need sweep asks the next musician.
          ctx.logger.error('refill after an answer failed', { projectId, needId, error: (error as Error).message });
        }
      }
      // The page of the request as it now stands: a second answer gets exactly the first one's result
      // (so no freshly signed file links in it; the page's GET has those).
      const view = await readRespondView(db, requestId, ctx.runtime.clock.now());
      if (view.state === 'expired' || view.state === 'withdrawn') throw new AppError(410, view.state, view.message);
      return { body: view, headers: { 'cache-control': 'no-store' } };
    },
  }),
};

async function orchestraDb(ctx: RequestContext<unknown, unknown, unknown>) {
  // Response links live on an orchestra's host only; the apex has no requests.
  if (!ctx.orchestra) throw notFound(unknownLinkMessage);
  return ctx.orchestra.db();
}
