import middy from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routes, routeKey, type RouteGroup } from '../../functions/routes';
import type { Runtime } from '../runtime/runtime';
import { CachedOrchestraRegistry } from '../tenancy/orchestra-registry';
import { notFound } from './errors';
import type { GroupHandlers, RequestContext } from './route-handler';
import type { AppLambdaContext } from './middleware/app-state';
import { bodyLimit } from './middleware/body-limit';
import { edgeOrigin } from './middleware/edge-origin';
import { errorHandler, jsonResponse } from './middleware/error-handler';
import { jsonBody } from './middleware/json-body';
import { createBaseLogger, requestLogger } from './middleware/request-logger';
import { sameOrigin } from './middleware/same-origin';
import { sessionAndTenancy } from './middleware/session-and-tenancy';
import { validation } from './middleware/validation';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The standard middy chain for one route group (ARCHITECTURE rule 5), the same in Lambda and in the local
 * server: normalise → origin check (came through CloudFront) → same-origin check (no cross-site request
 * forgery) → body limit → parse JSON → logger → session and tenancy → zod → use case →
 * security headers → error handler. Every route of the group in the route table must have an
 * implementation and vice versa; a mismatch stops the cold start.
 */
export function createHttpHandler(group: RouteGroup, handlers: GroupHandlers, runtime: () => Promise<Runtime>): HttpHandler {
  const groupRoutes = routes.filter((r) => r.group === group);
  const declared = new Set(groupRoutes.map(routeKey));
  const missing = [...declared].filter((key) => !handlers[key]);
  const extra = Object.keys(handlers).filter((key) => !declared.has(key));
  if (missing.length || extra.length) {
    throw new Error(`route group ${group}: missing implementations [${missing.join(', ')}], not in route table [${extra.join(', ')}]`);
  }
  const access = new Map(groupRoutes.map((r) => [routeKey(r), r.access]));

  let registry: Promise<CachedOrchestraRegistry> | undefined;
  const getRegistry = () => (registry ??= runtime().then((rt) => new CachedOrchestraRegistry(rt.control)));
  let logger: ReturnType<typeof createBaseLogger> | undefined;
  const baseLogger = async () => (logger ??= createBaseLogger(`orchestra-${group}`, (await runtime()).config.LOG_LEVEL));

  const dispatch = async (_event: APIGatewayProxyEventV2, context: AppLambdaContext) => {
    const { route, ctx } = context.app!;
    const result = await route.run(ctx as RequestContext);
    const response: APIGatewayProxyStructuredResultV2 =
      result.body === undefined
        ? { statusCode: result.status ?? 204, headers: { 'cache-control': 'no-store', ...result.headers } }
        : jsonResponse(result.status ?? 200, result.body, result.headers);
    if (result.cookies) response.cookies = result.cookies;
    return response;
  };

  const findRoute = {
    before: (request: { event: APIGatewayProxyEventV2; context: AppLambdaContext }) => {
      const route = handlers[request.event.routeKey];
      if (!route) throw notFound(`No such endpoint: ${request.event.routeKey}`);
      request.context.app = { route, ctx: {} };
    },
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AppLambdaContext>()
    // No reporting endpoint exists, so no empty Reporting-Endpoints header.
    .use(httpSecurityHeaders({ reportingEndpoints: false } as Parameters<typeof httpSecurityHeaders>[0]))
    .use(errorHandler())
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer())
    .use(findRoute)
    .use(edgeOrigin(runtime))
    .use(sameOrigin(runtime))
    .use(bodyLimit())
    .use(jsonBody())
    .use({ before: async (request) => requestLogger(await baseLogger()).before!(request) })
    .use(sessionAndTenancy(runtime, getRegistry, (key) => access.get(key) ?? 'session'))
    .use(validation())
    .handler(dispatch) as unknown as HttpHandler;
}
