import type { InvocationResult } from '../contracts';
import { jsonMessage, type EdgeResponse, type HeaderPairs } from './edge-http';

/** What API Gateway answers when the integration fails: the function errored, timed out or returned nonsense. */
export const internalServerError = (): EdgeResponse => jsonMessage(500, { message: 'Internal Server Error' });
/** The HTTP API's own 30 s integration limit passed before the function answered. */
export const serviceUnavailable = (): EdgeResponse => jsonMessage(503, { message: 'Service Unavailable' });
export const notFound = (): EdgeResponse => jsonMessage(404, { message: 'Not Found' });

function isStructured(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) && 'statusCode' in payload;
}

/**
 * Payload format 2.0's response mapping. A result with `statusCode` is taken as the response: `headers`
 * (format 2.0 has no `multiValueHeaders`; such a field is ignored), one Set-Cookie per `cookies` entry, `body`
 * decoded from base64 when `isBase64Encoded`. Any other valid JSON result becomes a 200 application/json whose
 * body is that JSON. A function error, or a structured result API Gateway cannot read, is a 500.
 */
export function mapFunctionResult(result: InvocationResult): EdgeResponse {
  if (!result.ok) return internalServerError();
  const payload = result.payload;
  if (!isStructured(payload)) {
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(payload) ?? 'null') };
  }
  const status = payload.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return internalServerError();
  const headers: HeaderPairs = [];
  if (payload.headers !== undefined) {
    if (typeof payload.headers !== 'object' || payload.headers === null) return internalServerError();
    for (const [name, value] of Object.entries(payload.headers)) {
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') return internalServerError();
      headers.push([name.toLowerCase(), String(value)]);
    }
  }
  if (payload.cookies !== undefined) {
    if (!Array.isArray(payload.cookies)) return internalServerError();
    for (const cookie of payload.cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const rawBody = payload.body;
  if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string') return internalServerError();
  const body = rawBody ? Buffer.from(rawBody, payload.isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { status, headers, body };
}
