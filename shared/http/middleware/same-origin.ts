import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Runtime } from '../../runtime/runtime';
import { AppError } from '../errors';
import { appState, type AppLambdaContext } from './app-state';

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Fetch metadata a browser sends for the product's own pages (`none`: typed into the address bar, a bookmark). */
const ownSiteFetches = new Set(['same-origin', 'none']);

const crossSite = (why: string) =>
  new AppError(403, 'cross_site_request', `This request came from another site (${why}). Changes are accepted only from this site's own pages.`);

/** `https://demo.example.org` for the viewer host `demo.example.org` (default ports dropped, lower case), or null. */
function originOf(scheme: string, host: string): string | null {
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses cross-site request forgery: a page elsewhere (another site, or another orchestra's subdomain, which
 * counts as the same *site*) making the admin's browser post to this host with the admin's cookie. Browsers
 * always say where a request comes from on such requests (Origin, and in current browsers Sec-Fetch-Site), so a
 * mutating request with either one pointing elsewhere is refused before any use case runs. A request with neither
 * (curl, scripts, server-to-server) is not a browser acting for someone and stays allowed. The own origin is the
 * viewer host the edge check trusted (edge-origin.ts), never API Gateway's Host, on the product's public scheme.
 */
export function sameOrigin(runtime: () => Promise<Runtime>): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: async (request) => {
      const { headers, requestContext } = request.event;
      if (!mutatingMethods.has(requestContext.http.method.toUpperCase())) return;
      const fetchSite = headers['sec-fetch-site']?.trim().toLowerCase();
      if (fetchSite !== undefined && !ownSiteFetches.has(fetchSite)) throw crossSite(`Sec-Fetch-Site: ${fetchSite}`);
      const origin = headers.origin?.trim();
      if (origin === undefined) return;
      const { viewerHost } = appState(request.context).ctx;
      const own = viewerHost ? originOf((await runtime()).config.PUBLIC_SCHEME, viewerHost) : null;
      // Origin is serialised as scheme://host[:port] in lower case, as URL.origin writes it; "null" never matches.
      if (own === null || origin.toLowerCase() !== own) throw crossSite(`Origin: ${origin.slice(0, 100)}`);
    },
  };
}
