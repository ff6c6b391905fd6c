import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { decodeComponent, splitUrl, type EdgeRequest } from './edge-http';
import type { RouteMatch } from './api-route-matching';

export interface EventContext {
  accountId: string;
  apiId: string;
  /** The API's own domain (`<apiId>.execute-api.<region>.amazonaws.com`): the Host API Gateway was called with. */
  domainName: string;
  requestId: string;
  traceId: string;
  now: Date;
}

/** API Gateway's request id: 11 random bytes in base64 (`JKJaXmPLvHcESHA=`). */
export function newApiRequestId(): string {
  return randomBytes(11).toString('base64');
}

/** An X-Ray trace header value as API Gateway adds it (`Root=1-<epoch hex>-<24 hex>`). */
export function newTraceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function requestTime(now: Date): string {
  return `${two(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}:${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} +0000`;
}

/**
 * Bodies API Gateway passes as text; every other body (multipart, octet-stream, images, no content type at all)
 * reaches the function base64-encoded with isBase64Encoded true. Form posts are base64 too on HTTP APIs.
 */
function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/(.+\+)?(json|xml|javascript)$/.test(type) || type === 'application/graphql';
}

function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (!rawQuery) return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent((eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length ? parameters : undefined;
}

/**
 * The payload format 2.0 event API Gateway builds for a Lambda proxy integration: header names lower-cased,
 * repeated headers and query parameters joined with commas, the Cookie header moved to `cookies` (one entry
 * per cookie), URL-decoded path and query parameters, fields without a value left out, and the headers API
 * Gateway itself adds (x-forwarded-for with the caller's address appended, x-forwarded-port/proto, the trace id).
 */
export function buildApiGatewayEvent(request: EdgeRequest, match: RouteMatch, context: EventContext): APIGatewayProxyEventV2 {
  const { path, rawQuery } = splitUrl(request.url);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [rawName, value] of request.headers) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = '443';
  headers['x-forwarded-proto'] = 'https';
  headers['x-amzn-trace-id'] = context.traceId;
  if (request.body.length && !headers['content-length']) headers['content-length'] = String(request.body.length);

  const text = isTextContentType(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryParameters(rawQuery) ? { queryStringParameters: queryParameters(rawQuery) } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName,
      domainPrefix: context.domainName.split('.')[0]!,
      http: {
        method: request.method.toUpperCase(),
        path,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: requestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    ...(request.body.length ? { body: text ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: request.body.length > 0 && !text,
  };
  return event;
}
