import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { groupHandlers } from '../../functions/http-handlers';
import type { RouteGroup } from '../../functions/routes';
import { createHttpHandler, type HttpHandler } from '../../shared/http/create-http-handler';
import { maxJsonBodyBytes } from '../../shared/http/middleware/body-limit';
import { toApiGatewayEvent, lambdaContext } from './api-gateway-event';
import type { LocalRuntime } from './local-runtime';
import { asForwardedByEdge } from './local-edge';
import { handleLocalFilesRequest, localFilesPath } from './local-files-endpoint';
import { handleMailboxRequest } from './mailbox-page';
import { landingPage, resetPasswordPage } from './plain-pages';
import { matchRoute } from './route-matcher';
import { isLocalhostName, readRequestTarget } from './request-target';
import { serveWebApp } from './web-app-files';

/**
 * The local stand-in for CloudFront + API Gateway: /api/* goes, with the headers CloudFront would add
 * (local-edge.ts), through the route table to the same group handlers the Lambdas run; /_mail is the local mailbox; everything else is the built web app
 * (frontend/dist), with a SPA fallback to index.html. A malformed request gets 400 first (request-target.ts), and the
 * mailbox and local files answer only on localhost names.
 */
export function createLocalHttpServer(runtime: LocalRuntime): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handlers = new Map<RouteGroup, HttpHandler>();
  const handlerFor = (group: RouteGroup) => {
    let handler = handlers.get(group);
    if (!handler) {
      handler = createHttpHandler(group, groupHandlers[group], async () => runtime);
      handlers.set(group, handler);
    }
    return handler;
  };

  return async (req, res) => {
    try {
      const target = readRequestTarget(req);
      if (!target.ok) {
        const { field, message } = target.error;
        return sendJson(res, 400, { error: { code: 'bad_request', message: `Malformed request: ${field}: ${message}`, fields: [target.error] } });
      }
      const { url, host } = target;
      if (localhostOnly(url.pathname) && !isLocalhostName(host)) {
        return sendJson(res, 403, { error: { code: 'host_not_allowed', message: 'The local mailbox and files answer only on localhost and *.localhost.' } });
      }
      if (url.pathname.startsWith('/api/')) {
        const body = await readBody(req, maxJsonBodyBytes + 1024);
        if (body === 'too large') return sendJson(res, 413, { error: { code: 'payload_too_large', message: `The request body is larger than ${maxJsonBodyBytes} bytes.` } });
        const match = matchRoute(req.method ?? 'GET', url.pathname);
        if (!match) return sendJson(res, 404, { error: { code: 'not_found', message: `No such endpoint: ${req.method} ${url.pathname}` } });
        if ('methodNotAllowed' in match) return sendJson(res, 405, { error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${url.pathname}` } });
        const event = toApiGatewayEvent(req, url, body, match, asForwardedByEdge(req.headers, req.socket.remoteAddress, runtime.originVerifyValue));
        const result = await handlerFor(match.route.group)(event, lambdaContext(`local-${match.route.group}`, event.requestContext.requestId));
        return sendLambdaResult(res, result);
      }
      if (url.pathname.startsWith(`${localFilesPath}/`) && (await handleLocalFilesRequest(runtime.files, req, res, url))) return;
      const mailbox = await handleMailboxRequest(runtime.mailbox, req.method ?? 'GET', url.pathname);
      if (mailbox) {
        res.writeHead(mailbox.status, mailbox.headers);
        return void res.end(mailbox.body);
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && (await serveWebApp(res, url.pathname))) return;
      // Not built (`npm run build:web`): plain pages keep the emailed links working.
      if (url.pathname === '/reset-password' || url.pathname === '/set-password') return sendHtml(res, 200, resetPasswordPage());
      if (url.pathname === '/') return sendHtml(res, 200, landingPage(host ?? 'localhost', runtime.config.BASE_DOMAIN));
      return sendHtml(res, 404, '<!doctype html><title>Not found</title><p>Not found. <a href="/">Start page</a></p>');
    } catch (error) {
      console.error('local server error', error);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Something went wrong on our side.' } });
      else res.end();
    }
  };
}

export async function listen(handler: ReturnType<typeof createLocalHttpServer>, port: number): Promise<Server[]> {
  // Both loopback addresses: `demo.localhost` may resolve to ::1 or 127.0.0.1 depending on the client.
  const servers: Server[] = [];
  for (const host of ['127.0.0.1', '::1']) {
    // The handler answers its own errors; this catch is the last guard, so no request can stop the server.
    const server = createServer((req, res) =>
      handler(req, res).catch((error: unknown) => {
        console.error('local server error', error);
        res.destroy();
      }),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue; // no IPv6 here
      throw error;
    }
  }
  return servers;
}

/** What only this machine may read: emails with reset links and respond tokens, and the stored files. */
function localhostOnly(pathname: string): boolean {
  return pathname === '/_mail' || pathname.startsWith('/_mail/') || pathname.startsWith(`${localFilesPath}/`);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendLambdaResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  const headers: Record<string, string | string[]> = {};
  // Like API Gateway, which serialises the result as JSON: headers set to undefined are dropped.
  for (const [name, value] of Object.entries(result.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(html);
}
