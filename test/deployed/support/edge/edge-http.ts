/**
 * The HTTP messages that pass between the edge parts (CloudFront → API Gateway → Lambda), kept as raw header
 * pairs: a request may carry a header twice (the API Gateway event joins them with commas) and a response
 * carries one Set-Cookie per cookie.
 */
export type HeaderPairs = [name: string, value: string][];

export interface EdgeRequest {
  method: string;
  /** Path and query exactly as the client sent them (still percent-encoded). */
  url: string;
  headers: HeaderPairs;
  body: Buffer;
  /** The address of the peer that opened the connection (for API Gateway behind CloudFront: an edge server). */
  sourceIp: string;
  /** `HTTP/1.1` */
  protocol?: string;
}

export interface EdgeResponse {
  status: number;
  headers: HeaderPairs;
  body: Buffer;
}

export function headerValues(headers: HeaderPairs, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

export function firstHeader(headers: HeaderPairs, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

export function withoutHeaders(headers: HeaderPairs, ...names: string[]): HeaderPairs {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return headers.filter(([n]) => !drop.has(n.toLowerCase()));
}

/** Replaces every value of the header with one value. */
export function replaceHeader(headers: HeaderPairs, name: string, value: string): HeaderPairs {
  return [...withoutHeaders(headers, name), [name, value]];
}

export function jsonMessage(status: number, value: unknown, headers: HeaderPairs = []): EdgeResponse {
  const body = Buffer.from(JSON.stringify(value));
  return { status, headers: [['content-type', 'application/json'], ...headers], body };
}

/** `/a/b?x=1` → path and raw query (without `?`). */
export function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, rawQuery: '' } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** Decodes percent-escapes, leaving a malformed escape as it was (as servers do rather than failing). */
export function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
