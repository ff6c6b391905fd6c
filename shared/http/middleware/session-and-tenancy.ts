import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteAccess } from '../../../functions/routes';
import { findLiveSession, type SessionUser } from '../../app/accounts/sessions';
import { verifySessionToken } from '../../app/accounts/session-token';
import type { Database } from '../../ports/database';
import type { Runtime } from '../../runtime/runtime';
import { parseHost } from '../../tenancy/host';
import type { CachedOrchestraRegistry, OrchestraRecord } from '../../tenancy/orchestra-registry';
import { readCookie, sessionCookieName } from '../cookies';
import { AppError, forbidden, locked, notFound, unauthorized } from '../errors';
import type { OrchestraContext } from '../route-handler';
import { appState, type AppLambdaContext } from './app-state';

/**
 * Tenancy and session in one place (ARCHITECTURE rule 4): host → orchestra → a handle bound to it;
 * cookie → verified session, which must belong to the same orchestra as the host.
 */
export function sessionAndTenancy(
  runtime: () => Promise<Runtime>,
  registry: () => Promise<CachedOrchestraRegistry>,
  accessOf: (routeKey: string) => RouteAccess,
): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: async (request) => {
      const { event } = request;
      const state = appState(request.context);
      const rt = await runtime();
      const access = accessOf(event.routeKey);
      const now = rt.clock.now();
      // The viewer's host as CloudFront forwarded it, checked by edgeOrigin before this step (never Host: API Gateway's own).
      const hostHeader = state.ctx.viewerHost;
      const host = parseHost(hostHeader, rt.config.BASE_DOMAIN);
      if (host.kind === 'foreign') throw notFound(`No orchestra lives at ${hostHeader ?? 'this address'}.`);

      let orchestra: OrchestraContext | null = null;
      if (host.kind === 'orchestra') {
        // A mutating request reads the registry row fresh: a suspension holds at once, not after the cache's TTL.
        const record = await (await registry()).bySubdomain(host.subdomain, { fresh: !readOnlyMethods.has(event.routeKey.split(' ')[0]) });
        orchestra = orchestraContext(rt, assertReachable(record, host.subdomain));
        state.ctx.logger?.appendKeys({ orchestraId: record!.id });
      }

      const token = readCookie(event.cookies, sessionCookieName) ?? null;
      let session: SessionUser | null = null;
      let presentedButInvalid = false;
      if (token) {
        const claims = await verifySessionToken(token, await rt.sessionKey(), now);
        session = claims ? await findLiveSession(rt.control, claims.sessionId, now) : null;
        presentedButInvalid = !session;
      }
      const hostOrchestraId = orchestra?.record.id ?? null;
      const sessionMatchesHost = session !== null && session.orchestraId === hostOrchestraId;

      if (access !== 'public') {
        if (!session) throw presentedButInvalid ? unauthorized('Your session has ended. Log in again.') : unauthorized();
        if (!sessionMatchesHost) throw forbidden();
        if (access === 'admin' && session.role !== 'admin') throw forbidden('Only an orchestra administrator may do this.');
        if (access === 'superadmin' && session.role !== 'superadmin') throw forbidden('Only a superadmin may do this.');
      }

      Object.assign(state.ctx, {
        runtime: rt,
        host,
        orchestra,
        // A session of another host is never handed to a public route either.
        session: sessionMatchesHost ? session : null,
        sessionToken: sessionMatchesHost ? token : null,
      });
    },
  };
}

const readOnlyMethods = new Set(['GET', 'HEAD']);

function assertReachable(record: OrchestraRecord | null, subdomain: string): OrchestraRecord {
  if (!record || record.status === 'provisioning' || record.status === 'failed' || record.status === 'archived') {
    throw new AppError(404, 'orchestra_not_found', `There is no orchestra at ${subdomain}.`);
  }
  if (record.status === 'suspended') throw locked(`${record.name} is suspended. Contact the service operator.`);
  return record;
}

function orchestraContext(rt: Runtime, record: OrchestraRecord): OrchestraContext {
  let handle: Promise<Database> | undefined;
  return { record, db: () => (handle ??= rt.orchestraDatabase(record)) };
}
