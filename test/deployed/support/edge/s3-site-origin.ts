import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { decodeComponent, firstHeader, type EdgeResponse, type HeaderPairs } from './edge-http';

/**
 * Content types as the bucket deployment stores them: the CDK's BucketDeployment runs `aws s3 sync` on
 * Python 3.13, whose `mimetypes` guesses these; a file it cannot guess gets S3's default, binary/octet-stream.
 */
const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.txt': 'text/plain',
  '.xml': 'text/xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export function siteContentType(key: string): string {
  return contentTypes[extname(key).toLowerCase()] ?? 'binary/octet-stream';
}

function s3Error(status: number, code: string, message: string): EdgeResponse {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${randomBytes(48).toString('base64')}</HostId></Error>`;
  return { status, headers: [['content-type', 'application/xml'], ['x-amz-request-id', requestId], ['server', 'AmazonS3']], body: Buffer.from(body) };
}

/**
 * The site bucket as CloudFront's origin access control reaches it: GetObject on the key the URI names (the
 * bucket policy grants nothing else, so a missing key is 403 AccessDenied, not 404 — S3 only says NoSuchKey to
 * a caller allowed to list the bucket). The objects are the files of the web app asset folder.
 */
export function createSiteOrigin(siteFolder: string) {
  const root = resolve(siteFolder);
  return async function getObject(method: string, uri: string, headers: HeaderPairs): Promise<EdgeResponse> {
    const key = decodeComponent(uri.replace(/^\//, ''));
    const file = resolve(root, key);
    const inside = file.startsWith(root + sep);
    const info = inside ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) return s3Error(403, 'AccessDenied', 'Access Denied');
    const content = await readFile(file);
    const etag = `"${createHash('md5').update(content).digest('hex')}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const common: HeaderPairs = [
      ['etag', etag],
      ['last-modified', lastModified],
      ['x-amz-server-side-encryption', 'AES256'],
      ['accept-ranges', 'bytes'],
      ['server', 'AmazonS3'],
    ];
    const ifNoneMatch = firstHeader(headers, 'if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').map((v) => v.trim()).includes(etag)) return { status: 304, headers: common, body: Buffer.alloc(0) };
    return {
      status: 200,
      headers: [['content-type', siteContentType(key)], ['content-length', String(content.length)], ...common],
      body: method === 'HEAD' ? Buffer.alloc(0) : content,
    };
  };
}
