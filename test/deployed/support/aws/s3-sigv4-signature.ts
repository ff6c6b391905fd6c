import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * SigV4 as S3 checks it, computed independently of the SDK that signed: the canonical request from what
 * arrived (S3 does not re-encode the path), the string to sign, the key derived from the issuer's secret.
 * Presigned URLs carry the signature in the query (payload UNSIGNED-PAYLOAD), SDK calls in the
 * Authorization header (payload hash in x-amz-content-sha256); a POST policy is signed as a whole.
 */
export interface SignatureParts {
  accessKeyId: string;
  /** yyyymmdd/region/service/aws4_request */
  scope: string;
  date: string;
  region: string;
  service: string;
  /** yyyymmddThhmmssZ */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
}

export function parseCredential(credential: string): Pick<SignatureParts, 'accessKeyId' | 'scope' | 'date' | 'region' | 'service'> | undefined {
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') return undefined;
  return { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/aws4_request` };
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 3986 encoding, as SigV4 canonicalizes query names and values. */
export const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The string a request's signature is over, given the raw request line and headers. */
export function stringToSignFor(
  request: { method: string; url: string; headers: IncomingHttpHeaders },
  parts: SignatureParts,
  payloadHash: string,
): string {
  const [path, rawQuery = ''] = request.url.split(/\?(.*)/s, 2) as [string, string?];
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name, value = ''] = pair.split(/=(.*)/s, 2) as [string, string?];
      return [uriEncode(decodeQuery(name)), uriEncode(decodeQuery(value))] as const;
    })
    .filter(([name]) => name !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headers = parts.signedHeaders
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [request.method, path, query, headers, parts.signedHeaders.join(';'), payloadHash].join('\n');
  return ['AWS4-HMAC-SHA256', parts.amzDate, parts.scope, sha256Hex(canonicalRequest)].join('\n');
}

function decodeQuery(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, '%20'));
}

/** yyyymmddThhmmssZ → Date */
export function parseAmzDate(amzDate: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}
