import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { safeDecode } from './safe-decode';

/** The built web app (`npm run build:web` → frontend/dist), served as CloudFront serves it in AWS. */
export const webAppDist = path.resolve(import.meta.dirname, '../../frontend/dist');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

// Like the web stack's response headers policy; no Referer, because respond links carry their token in the path.
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * A file of the build if the path names one, else index.html (the SPA fallback, like the CloudFront
 * function in AWS). The local twin marks index.html with its mailbox so the header can link to it.
 * Answers false when the app is not built.
 */
export async function serveWebApp(res: ServerResponse, pathname: string): Promise<boolean> {
  // A malformed escape cannot name a file of the build: it gets index.html, whose router shows "not found".
  const decoded = safeDecode(pathname);
  const file = decoded === null ? '' : path.resolve(webAppDist, `.${decoded}`);
  if (decoded !== null && file.startsWith(webAppDist + path.sep) && (await isFile(file))) {
    const immutable = pathname.startsWith('/assets/');
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(await readFile(file));
    return true;
  }
  const index = path.join(webAppDist, 'index.html');
  if (!(await isFile(index))) return false;
  const html = (await readFile(index, 'utf8')).replace('<head>', '<head>\n    <meta name="local-mailbox" content="/_mail" />');
  res.writeHead(200, { ...securityHeaders, 'content-type': contentTypes['.html'], 'cache-control': 'no-cache' });
  res.end(html);
  return true;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}
