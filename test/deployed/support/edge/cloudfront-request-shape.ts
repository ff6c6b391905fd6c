import type { CloudFrontFunctionRequest, CloudFrontFunctionResponse, CloudFrontValue } from './cloudfront-function-runtime';
import { splitUrl, type EdgeResponse, type HeaderPairs } from './edge-http';

function addValue(target: Record<string, CloudFrontValue>, name: string, value: string): void {
  const existing = target[name];
  if (!existing) {
    target[name] = { value };
    return;
  }
  existing.multiValue ??= [{ value: existing.value }];
  existing.multiValue.push({ value });
}

function expand(values: Record<string, CloudFrontValue>): [string, string][] {
  return Object.entries(values).flatMap(([name, v]) => (v.multiValue?.length ? v.multiValue.map((m): [string, string] => [name, m.value]) : [[name, v.value]]));
}

/**
 * The request as a CloudFront Functions event presents it: header names lower-cased, the Cookie header taken
 * apart into `cookies`, the query string into `querystring` (values as they appear in the URL), repeated
 * names in `multiValue`.
 */
export function toFunctionRequest(method: string, url: string, headers: HeaderPairs): CloudFrontFunctionRequest {
  const { path, rawQuery } = splitUrl(url);
  const request: CloudFrontFunctionRequest = { method, uri: path, querystring: {}, headers: {}, cookies: {} };
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (name === 'cookie') {
      for (const part of value.split(';')) {
        const cookie = part.trim();
        if (!cookie) continue;
        const eq = cookie.indexOf('=');
        addValue(request.cookies, eq === -1 ? cookie : cookie.slice(0, eq), eq === -1 ? '' : cookie.slice(eq + 1));
      }
    } else addValue(request.headers, name, value);
  }
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    addValue(request.querystring, eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? '' : pair.slice(eq + 1));
  }
  return request;
}

/** The request after the function ran, back as a URL and header pairs (the cookies as one Cookie header). */
export function fromFunctionRequest(request: CloudFrontFunctionRequest): { url: string; headers: HeaderPairs } {
  const query = expand(request.querystring ?? {})
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .join('&');
  const headers: HeaderPairs = expand(request.headers ?? {});
  const cookies = expand(request.cookies ?? {}).map(([name, value]) => `${name}=${value}`);
  if (cookies.length) headers.push(['cookie', cookies.join('; ')]);
  return { url: query ? `${request.uri}?${query}` : request.uri, headers };
}

/** A response a viewer-request function generated. */
export function fromFunctionResponse(response: CloudFrontFunctionResponse): EdgeResponse {
  const headers: HeaderPairs = expand(response.headers ?? {});
  for (const [name, cookie] of Object.entries(response.cookies ?? {})) {
    headers.push(['set-cookie', `${name}=${cookie.value}${cookie.attributes ? `; ${cookie.attributes}` : ''}`]);
  }
  const body =
    response.body === undefined
      ? Buffer.alloc(0)
      : typeof response.body === 'string'
        ? Buffer.from(response.body)
        : Buffer.from(response.body.data, response.body.encoding === 'base64' ? 'base64' : 'utf8');
  return { status: response.statusCode, headers, body };
}
