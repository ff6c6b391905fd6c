import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { AccessDeniedError, localRegion, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { corsResponseHeaders, preflight, type S3CorsRule } from './s3-cors';
import { accessDenied, noSuchBucket, noSuchKey, S3Error } from './s3-errors';
import { storedObject, type S3Bucket, type S3StoredObject } from './s3-object-store';
import { acceptPresignedPost } from './s3-presigned-post';
import { authenticate, type S3Signer } from './s3-request-authentication';

/**
 * Local S3, path-style (the SDK uses path-style for an IP endpoint): PutObject, GetObject (ranged too),
 * HeadObject, DeleteObject, CopyObject (with x-amz-copy-source-if-match), presigned GET and presigned POST,
 * bucket CORS. Written by hand rather than fronting s3rver:
 * s3rver 3.7 skips SigV4 verification ("Signature version 4 calculation is unimplemented") and ignores the
 * POST policy field entirely (no signature, expiration, conditions or content-length-range), so every check
 * the product depends on would live in a front anyway, and what remained (a key→bytes map) is smaller
 * than forwarding multipart bodies into its koa app and its on-disk store.
 */
export interface S3Endpoint extends LocalEndpoint {
  createBucket(name: string, options?: { corsRules?: S3CorsRule[] }): void;
  /** Writes an object without IAM (the harness: the web app into the site bucket, fixtures). */
  putLocal(bucket: string, key: string, body: Buffer | string, contentType: string): void;
  /** Reads an object without IAM, or undefined. */
  getLocal(bucket: string, key: string): S3StoredObject | undefined;
  keys(bucket: string): string[];
}

export interface S3EndpointOptions {
  issuer: CredentialIssuer;
  authorizer: Authorizer;
  /** Buckets that exist from the start; corsRules as the template's CorsConfiguration.CorsRules. */
  buckets?: (string | { name: string; corsRules?: S3CorsRule[] })[];
  region?: string;
}

export async function createS3Endpoint(options: S3EndpointOptions): Promise<S3Endpoint> {
  const region = options.region ?? localRegion;
  const buckets = new Map<string, S3Bucket>();
  const createBucket = (name: string, bucketOptions: { corsRules?: S3CorsRule[] } = {}) => {
    if (!buckets.has(name)) buckets.set(name, { name, objects: new Map(), corsRules: bucketOptions.corsRules });
  };
  for (const bucket of options.buckets ?? []) typeof bucket === 'string' ? createBucket(bucket) : createBucket(bucket.name, bucket);
  const bucketNamed = (name: string) => {
    const bucket = buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  };

  async function authorize(principal: Principal, action: string, resource: string, context: Record<string, string | string[]>) {
    try {
      await options.authorizer.authorize({ principal, action, resource, context });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw accessDenied();
      throw error;
    }
  }

  const contextOf = (signer: S3Signer): Record<string, string> => ({
    's3:authType': signer.authType,
    's3:signatureversion': 'AWS4-HMAC-SHA256',
    ...(signer.contentSha256 ? { 's3:x-amz-content-sha256': signer.contentSha256 } : {}),
    // Stands in for S3's HTTPS endpoint, which the SDK uses in AWS (bucket policies deny aws:SecureTransport false).
    'aws:SecureTransport': 'true',
  });

  async function handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const url = new URL(request.url ?? '/', 'http://local');
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const bucketId = decodeURIComponent(bucketName);
    const key = decodeURIComponent(keyParts.join('/'));
    const method = request.method ?? 'GET';
    const origin = headerOf(request, 'origin');
    if (!bucketId) throw new S3Error('NotImplemented', 'ListBuckets is not implemented by the local S3.', 501);
    const bucket = bucketNamed(bucketId);

    if (method === 'OPTIONS') {
      const headers = preflight(bucket.corsRules, origin, headerOf(request, 'access-control-request-method'), headerOf(request, 'access-control-request-headers'));
      return send(response, 200, headers);
    }
    const cors = corsResponseHeaders(bucket.corsRules, origin, method);

    if (method === 'POST' && !key && (headerOf(request, 'content-type') ?? '').startsWith('multipart/form-data')) {
      return presignedPost(response, bucket, body, headerOf(request, 'content-type')!, cors);
    }
    const signer = authenticate(request, options.issuer, region, body);
    if (!key) throw new S3Error('NotImplemented', `${method} on a bucket is not implemented by the local S3.`, 501);
    const objectArn = `arn:aws:s3:::${bucket.name}/${key}`;
    const context = contextOf(signer);

    if (method === 'GET' || method === 'HEAD') {
      await authorize(signer.principal, 's3:GetObject', objectArn, context);
      const object = bucket.objects.get(key);
      if (!object) {
        // S3 tells a missing key (404) only to callers allowed s3:ListBucket; everyone else gets 403.
        await authorize(signer.principal, 's3:ListBucket', `arn:aws:s3:::${bucket.name}`, { ...context, 's3:prefix': key });
        throw noSuchKey(key);
      }
      const overrides = Object.fromEntries(
        ['content-type', 'content-disposition', 'content-language', 'content-encoding', 'cache-control', 'expires']
          .filter((header) => url.searchParams.has(`response-${header}`))
          .map((header) => [header, url.searchParams.get(`response-${header}`)!]),
      );
      const headers = { ...cors, ...objectHeaders(object), ...overrides };
      const range = method === 'GET' ? byteRange(headerOf(request, 'range'), object.body.length) : undefined;
      if (range) {
        const part = object.body.subarray(range.start, range.end + 1);
        const rangeHeaders = { 'content-range': `bytes ${range.start}-${range.end}/${object.body.length}`, 'content-length': String(part.length) };
        return send(response, 206, { ...headers, ...rangeHeaders }, part);
      }
      return send(response, 200, headers, method === 'GET' ? object.body : undefined);
    }
    if (method === 'PUT' && request.headers['x-amz-copy-source']) {
      return copyObject(request, response, bucket, key, signer, context, cors);
    }
    if (method === 'PUT') {
      await authorize(signer.principal, 's3:PutObject', objectArn, context);
      const object = storedObject(decodedBody(request, body), {
        contentType: headerOf(request, 'content-type') ?? 'binary/octet-stream',
        contentDisposition: headerOf(request, 'content-disposition'),
        contentEncoding: stripAwsChunked(headerOf(request, 'content-encoding')),
        cacheControl: headerOf(request, 'cache-control'),
        metadata: metadataOf(request),
      });
      bucket.objects.set(key, object);
      return send(response, 200, { ...cors, etag: object.etag });
    }
    if (method === 'DELETE') {
      await authorize(signer.principal, 's3:DeleteObject', objectArn, context);
      bucket.objects.delete(key);
      return send(response, 204, cors);
    }
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: 'OBJECT' });
  }

  /**
   * CopyObject as S3 authorizes it: s3:GetObject on the source and s3:PutObject on the target, both the caller's.
   * The source's ETag is compared with x-amz-copy-source-if-match (412 PreconditionFailed); metadata is copied.
   */
  async function copyObject(
    request: IncomingMessage,
    response: ServerResponse,
    bucket: S3Bucket,
    key: string,
    signer: S3Signer,
    context: Record<string, string>,
    cors: Record<string, string>,
  ) {
    if ((headerOf(request, 'x-amz-metadata-directive') ?? 'COPY') !== 'COPY') throw new S3Error('NotImplemented', 'Only MetadataDirective COPY is implemented by the local S3.', 501);
    const [sourcePath] = decodeURIComponent(headerOf(request, 'x-amz-copy-source')!).replace(/^\//, '').split('?');
    const [sourceBucketName = '', ...sourceKeyParts] = sourcePath!.split('/');
    const sourceKey = sourceKeyParts.join('/');
    const sourceBucket = bucketNamed(sourceBucketName);
    await authorize(signer.principal, 's3:GetObject', `arn:aws:s3:::${sourceBucket.name}/${sourceKey}`, context);
    await authorize(signer.principal, 's3:PutObject', `arn:aws:s3:::${bucket.name}/${key}`, context);
    const source = sourceBucket.objects.get(sourceKey);
    if (!source) {
      await authorize(signer.principal, 's3:ListBucket', `arn:aws:s3:::${sourceBucket.name}`, { ...context, 's3:prefix': sourceKey });
      throw noSuchKey(sourceKey);
    }
    const ifMatch = headerOf(request, 'x-amz-copy-source-if-match');
    if (ifMatch !== undefined && ifMatch !== source.etag && `"${ifMatch}"` !== source.etag) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'x-amz-copy-source-If-Match' });
    }
    const { body, etag: _etag, lastModified: _lastModified, ...headers } = source;
    const copy = storedObject(Buffer.from(body), headers);
    bucket.objects.set(key, copy);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${copy.lastModified.toISOString()}</LastModified><ETag>${copy.etag}</ETag></CopyObjectResult>`;
    return send(response, 200, { ...cors, 'content-type': 'application/xml' }, Buffer.from(xml));
  }

  async function presignedPost(response: ServerResponse, bucket: S3Bucket, body: Buffer, contentType: string, cors: Record<string, string>) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
    }
    const post = await acceptPresignedPost(form, bucket.name, options.issuer, region);
    await authorize(post.principal, 's3:PutObject', `arn:aws:s3:::${bucket.name}/${post.key}`, {
      's3:authType': 'POST',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
      'aws:SecureTransport': 'true',
    });
    const object = storedObject(post.content, { contentType: post.contentType, contentDisposition: post.contentDisposition, metadata: post.metadata });
    bucket.objects.set(post.key, object);
    const location = `${endpointUrl}/${bucket.name}/${encodeURIComponent(post.key).replace(/%2F/g, '/')}`;
    const headers = { ...cors, etag: object.etag, location };
    if (post.successActionRedirect) {
      const redirect = new URL(post.successActionRedirect);
      redirect.searchParams.set('bucket', bucket.name);
      redirect.searchParams.set('key', post.key);
      redirect.searchParams.set('etag', object.etag);
      return send(response, 303, { ...headers, location: redirect.toString() });
    }
    if (post.successActionStatus === '201') {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${location}</Location><Bucket>${bucket.name}</Bucket><Key>${post.key}</Key><ETag>${object.etag}</ETag></PostResponse>`;
      return send(response, 201, { ...headers, 'content-type': 'application/xml' }, Buffer.from(xml));
    }
    return send(response, post.successActionStatus === '200' ? 200 : 204, headers);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, response, Buffer.concat(chunks)).catch((error: unknown) => {
        const s3Error = error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
        if (!(error instanceof S3Error)) console.error('local S3 failed', error);
        const bucket = buckets.get(decodeURIComponent((request.url ?? '/').split(/[/?]/)[1] ?? ''));
        const cors = corsResponseHeaders(bucket?.corsRules, headerOf(request, 'origin'), request.method ?? 'GET');
        const requestId = randomBytes(8).toString('hex').toUpperCase();
        send(response, s3Error.status, { ...cors, 'content-type': 'application/xml', 'x-amz-request-id': requestId }, request.method === 'HEAD' ? undefined : Buffer.from(s3Error.toXml(requestId)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    service: 'S3',
    url: endpointUrl,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    createBucket,
    putLocal(bucket, key, body, contentType) {
      bucketNamed(bucket).objects.set(key, storedObject(Buffer.from(body), { contentType }));
    },
    getLocal: (bucket, key) => bucketNamed(bucket).objects.get(key),
    keys: (bucket) => [...bucketNamed(bucket).objects.keys()].sort(),
  };
}

function objectHeaders(object: S3StoredObject): Record<string, string> {
  return {
    'content-type': object.contentType,
    'content-length': String(object.body.length),
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...(object.contentDisposition ? { 'content-disposition': object.contentDisposition } : {}),
    ...(object.contentEncoding ? { 'content-encoding': object.contentEncoding } : {}),
    ...(object.cacheControl ? { 'cache-control': object.cacheControl } : {}),
    ...Object.fromEntries(Object.entries(object.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
  };
}

/**
 * The one range of a `Range: bytes=a-b` (or `a-`, or `-n`) header, clipped to the object; undefined without one.
 * S3 answers a range that starts past the end with 416 InvalidRange.
 */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (!match[1] && !match[2])) return undefined;
  const start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size || end < start) throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { ActualObjectSize: size, RangeRequested: header! });
  return { start, end };
}

function metadataOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)]),
  );
}

/**
 * The body as stored: the SDK streams some bodies as aws-chunked (`size;…\r\nbytes\r\n…0\r\n` then
 * trailers such as x-amz-checksum-crc32). A CRC32 the SDK sends, in a header or a trailer, is checked as
 * S3 checks it.
 */
function decodedBody(request: IncomingMessage, body: Buffer): Buffer {
  const encoding = headerOf(request, 'content-encoding') ?? '';
  const sha = headerOf(request, 'x-amz-content-sha256') ?? '';
  let content = body;
  let checksum = headerOf(request, 'x-amz-checksum-crc32');
  if (encoding.includes('aws-chunked') || sha.startsWith('STREAMING-')) {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', offset);
      const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
      offset = lineEnd + 2;
      if (!size) break;
      parts.push(body.subarray(offset, offset + size));
      offset += size + 2;
    }
    for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
      const [name, value] = line.split(/:(.*)/s, 2);
      if (name?.trim().toLowerCase() === 'x-amz-checksum-crc32' && value) checksum = value.trim();
    }
    content = Buffer.concat(parts);
  }
  if (checksum !== undefined) {
    const computed = Buffer.alloc(4);
    computed.writeUInt32BE(crc32(content));
    if (computed.toString('base64') !== checksum) throw new S3Error('BadDigest', 'The CRC32 you specified did not match the calculated checksum.', 400);
  }
  return content;
}

function stripAwsChunked(encoding: string | undefined): string | undefined {
  const rest = (encoding ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  return rest.length ? rest.join(', ') : undefined;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer) {
  response.writeHead(status, { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), ...headers });
  response.end(body);
}
