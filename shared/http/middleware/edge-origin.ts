import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Runtime } from '../../runtime/runtime';
import { AppError } from '../errors';
import { appState, type AppLambdaContext } from './app-state';

/** CloudFront adds this origin custom header (the value of a secret) to every request it sends the API. */
export const originVerifyHeader = 'x-origin-verify';
/** The viewer's host, copied from Host by the viewer-request function (API Gateway needs its own Host). */
export const forwardedHostHeader = 'x-forwarded-host';
/** The viewer's IP address as CloudFront saw it, set by the same function from `event.viewer.ip`. */
export const viewerAddressHeader = 'x-viewer-address';

const refused = (message: string) => new AppError(403, 'forbidden', message);

/** Constant time, so the secret cannot be guessed a character at a time from response times. */
function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * Only requests that came through the product's CloudFront (or the local twin's edge) are served: the
 * execute-api endpoint is public, so without this anyone could call the API around CloudFront and its WAF,
 * and name any host or address in x-forwarded-host / x-viewer-address. Only once the origin header holds
 * the current (or, during a rotation, the previous) secret are the forwarded host and viewer address trusted.
 * A runtime without origin secrets refuses everything (fail closed).
 */
export function edgeOrigin(runtime: () => Promise<Runtime>): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: async (request) => {
      const { headers } = request.event;
      const presented = headers[originVerifyHeader];
      // Taken out of the event at once: no handler, log line or error report can repeat it.
      delete headers[originVerifyHeader];
      const rt = await runtime();
      const accepted = rt.originVerifyValues ? await rt.originVerifyValues() : [];
      if (!presented || !accepted.some((value) => sameSecret(value, presented))) {
        throw refused('Requests reach this service only through its own web address.');
      }
      const host = headers[forwardedHostHeader];
      const viewer = headers[viewerAddressHeader];
      // CloudFront's function always sets both; a request without them did not pass through it as configured.
      if (!host) throw refused(`The request came without ${forwardedHostHeader}.`);
      if (!viewer) throw refused(`The request came without ${viewerAddressHeader}.`);
      const state = appState(request.context);
      state.ctx.viewerHost = host;
      state.ctx.sourceIp = viewer;
    },
  };
}
