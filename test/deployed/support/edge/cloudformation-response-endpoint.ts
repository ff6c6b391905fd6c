import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { localRegion } from '../contracts';
import { issueLocalCertificate } from './self-signed-certificate';

/** What a custom resource's handler PUTs to the ResponseURL. */
export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId?: string;
  StackId?: string;
  RequestId?: string;
  LogicalResourceId?: string;
  NoEcho?: boolean;
  Data?: Record<string, unknown>;
}

export interface ReceivedResponse {
  /** The body as received, and parsed. */
  raw: string;
  response: CustomResourceResponse;
  headers: IncomingMessage['headers'];
}

export interface CloudFormationResponseEndpoint {
  /** The host of the pre-signed S3 URLs CloudFormation hands out. */
  hostName: string;
  /**
   * What the Lambda host must add to the environment of a function that answers CloudFormation (the provider
   * framework's onEvent), before that process starts: the framework PUTs with `https.request({hostname, path})`,
   * always to port 443, so the request is tunnelled through a local CONNECT proxy (Node 24's NODE_USE_ENV_PROXY)
   * to a TLS server whose certificate the process trusts (NODE_EXTRA_CA_CERTS).
   */
  functionEnvironment: Record<string, string>;
  /** A fresh ResponseURL for one request, and the response that will arrive there. */
  newResponseUrl(stackId: string, logicalResourceId: string, requestId: string): { url: string; received: Promise<ReceivedResponse> };
  /** Every CONNECT the proxy refused (a function trying to reach anything else is offline here). */
  readonly refusedTunnels: readonly string[];
  stop(): Promise<void>;
}

/**
 * CloudFormation's side of a custom resource's reply: the pre-signed S3 URL a handler PUTs its result to,
 * served locally over TLS under the real host name, behind a CONNECT proxy that tunnels only to it.
 */
export async function startCloudFormationResponseEndpoint(): Promise<CloudFormationResponseEndpoint> {
  const hostName = `cloudformation-custom-resource-response-${localRegion.replace(/-/g, '')}.s3.${localRegion}.amazonaws.com`;
  const certificate = issueLocalCertificate(hostName);
  const pending = new Map<string, (received: ReceivedResponse) => void>();
  const refusedTunnels: string[] = [];

  const tls = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const deliver = pending.get(path);
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'PUT' || !deliver) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
        return;
      }
      let response: CustomResourceResponse;
      try {
        response = JSON.parse(raw) as CustomResourceResponse;
      } catch {
        response = { Status: 'FAILED', Reason: `unreadable response body: ${raw.slice(0, 200)}` };
      }
      pending.delete(path);
      res.writeHead(200, { etag: `"${randomBytes(16).toString('hex')}"`, server: 'AmazonS3' });
      res.end();
      deliver({ raw, response, headers: req.headers });
    });
  });
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const tlsPort = (tls.address() as AddressInfo).port;

  const sockets = new Set<Socket>();
  const proxy = createHttpServer((_req, res) => {
    res.writeHead(403);
    res.end('only CONNECT to the CloudFormation response host');
  });
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (req.url !== `${hostName}:443`) {
      refusedTunnels.push(req.url ?? '');
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;

  return {
    hostName,
    functionEnvironment: {
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
      NO_PROXY: '127.0.0.1,localhost',
      NODE_EXTRA_CA_CERTS: certificate.caFile,
    },
    newResponseUrl(stackId, logicalResourceId, requestId) {
      const path = `/${encodeURIComponent(`${stackId}|${logicalResourceId}|${requestId}`)}`;
      const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const query = [
        'X-Amz-Algorithm=AWS4-HMAC-SHA256',
        `X-Amz-Date=${amzDate}`,
        'X-Amz-SignedHeaders=host',
        'X-Amz-Expires=7200',
        `X-Amz-Credential=AKIA${randomBytes(8).toString('hex').toUpperCase()}%2F${amzDate.slice(0, 8)}%2F${localRegion}%2Fs3%2Faws4_request`,
        `X-Amz-Signature=${randomBytes(32).toString('hex')}`,
      ].join('&');
      const received = new Promise<ReceivedResponse>((resolve) => pending.set(path, resolve));
      return { url: `https://${hostName}${path}?${query}`, received };
    },
    refusedTunnels,
    async stop() {
      for (const socket of sockets) socket.destroy();
      tls.closeAllConnections();
      await Promise.all([new Promise((r) => tls.close(r)), new Promise((r) => proxy.close(r))]);
    },
  };
}
