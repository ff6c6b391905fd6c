import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { CloudFront } from './cloudfront';
import { CookieJar } from './cookie-jar';

export interface ViaInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent as a JSON body with content-type application/json. */
  json?: unknown;
  /** Keep and send cookies (default true). */
  cookies?: boolean;
}

export interface ViaResponse {
  status: number;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

const jars = new WeakMap<object, CookieJar>();

/** The cookie jar fetchVia keeps for this CloudFront (one per distribution, cookies per host inside it). */
export function cookieJarOf(cloudfront: Pick<CloudFront, 'port'>): CookieJar {
  let jar = jars.get(cloudfront);
  if (!jar) jars.set(cloudfront, (jar = new CookieJar()));
  return jar;
}

/**
 * A browser-like request to the local CloudFront with the given Host (node:http, because fetch cannot set
 * Host), keeping the cookies each host sets as a browser would.
 */
export function fetchVia(cloudfront: Pick<CloudFront, 'port'>, host: string, path: string, init: ViaInit = {}): Promise<ViaResponse> {
  const jar = cookieJarOf(cloudfront);
  const useCookies = init.cookies !== false;
  const headers: Record<string, string> = { host, ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const cookie = useCookies ? jar.header(host, path.split('?')[0]!) : undefined;
  if (cookie && !Object.keys(headers).some((h) => h.toLowerCase() === 'cookie')) headers.cookie = cookie;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: cloudfront.port, method: init.method ?? 'GET', path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const setCookies = res.headers['set-cookie'] ?? [];
        if (useCookies) for (const c of setCookies) jar.store(host, c);
        const buffer = Buffer.concat(chunks);
        const text = buffer.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies, body: buffer, text, json: <T>() => JSON.parse(text) as T });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
