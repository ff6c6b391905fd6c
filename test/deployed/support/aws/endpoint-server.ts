import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalEndpoint } from '../contracts';

/**
 * The HTTP server under the hand-written endpoints (Secrets Manager, STS, RDS Data API): one per service on
 * 127.0.0.1 and a random port, each request read whole and answered by the service's function.
 */
export interface EndpointRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface EndpointResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export async function serveEndpoint(service: string, answer: (request: EndpointRequest) => Promise<EndpointResponse>): Promise<LocalEndpoint> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      let response: EndpointResponse;
      try {
        const body = await readBody(incoming);
        response = await answer({ method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body });
      } catch (error) {
        // A bug in the endpoint, not an AWS answer: make it loud in the caller's error.
        response = {
          status: 500,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
          body: JSON.stringify({ __type: 'InternalFailure', message: `local ${service} endpoint failed: ${(error as Error).stack ?? error}` }),
        };
      }
      const body = response.body ?? '';
      outgoing.writeHead(response.status, {
        'x-amzn-requestid': crypto.randomUUID(),
        'content-length': String(Buffer.byteLength(body)),
        ...response.headers,
      });
      outgoing.end(body);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    service,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        // SDK clients keep connections alive; close them or `close` waits for their idle timeout.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
