import type { IncomingHttpHeaders } from 'node:http';
import { forwardedHostHeader, originVerifyHeader, viewerAddressHeader } from '../../shared/http/middleware/edge-origin';

/**
 * What the deployed CloudFront does to an /api request before API Gateway sees it, done by the local server
 * (which stands for both): whatever the viewer sent in these headers is replaced by the viewer's real host
 * and address (the viewer-request function in infra/stacks/web-stack.ts) and the origin secret (the
 * origin custom header). The handlers then run the very check the Lambdas run.
 */
export function asForwardedByEdge(headers: IncomingHttpHeaders, viewerAddress: string | undefined, originVerifyValue: string): IncomingHttpHeaders {
  const forwarded: IncomingHttpHeaders = { ...headers };
  delete forwarded[forwardedHostHeader];
  delete forwarded[viewerAddressHeader];
  delete forwarded[originVerifyHeader];
  if (headers.host) forwarded[forwardedHostHeader] = headers.host;
  forwarded[viewerAddressHeader] = (viewerAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  forwarded[originVerifyHeader] = originVerifyValue;
  return forwarded;
}
