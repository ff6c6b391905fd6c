import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * The local twin's HTTP server as a client meets it (infra/local/http-server.ts): a malformed request is
 * answered 400 and never stops the server; the mailbox and the local files endpoint answer only on
 * localhost and *.localhost, so a page on another name that resolves here (DNS rebinding) cannot read them.
 */

interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/** Sends bytes as they are (no client library fixes them up) and reads the answer until the server closes (Connection: close). */
function rawRequest(port: number, bytes: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: /^transfer-encoding: chunked/im.test(head) ? unchunk(body) : body });
    });
    // Not end(): a half-closed client makes node drop a response still being prepared; the server closes instead.
    socket.write(bytes);
  });
}

function unchunk(body: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

const get = (path: string, host: string) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

describe('the local server', () => {
  let product: TestProduct;
  let port: number;

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    port = Number(product.apexHost.split(':')[1]);
  });
  afterAll(() => product?.close());

  const stillServing = async () => {
    const health = await rawRequest(port, get('/api/health', product.apexHost));
    expect(health.status).toBe(200);
  };

  describe('malformed requests get 400 and leave it serving', () => {
    it.each([
      ['a Host with a space', 'a b'],
      ['a Host with a path', 'localhost/evil'],
      ['a Host whose port is out of range', 'localhost:99999'],
      ['an empty Host', ''],
    ])('%s', async (_, host) => {
      for (const path of ['/', '/api/health', '/_mail']) {
        const response = await rawRequest(port, get(path, host));
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'bad_request', fields: [{ field: 'host' }] } });
      }
      await stillServing();
    });

    it('two Host headers', async () => {
      const response = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { fields: [{ field: 'host' }] } });
      await stillServing();
    });

    it('a request target that is not a path', async () => {
      for (const target of ['*', 'http://evil.example/api/health']) {
        const response = await rawRequest(port, get(target, product.apexHost));
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ error: { fields: [{ field: 'target' }] } });
      }
      await stillServing();
    });

    it('a request line node cannot parse', async () => {
      for (const garbage of ['GET / HTTP/1.1 extra\r\n\r\n', 'NOT A REQUEST\r\n\r\n', 'GET /\u0000 HTTP/1.1\r\nHost: localhost\r\n\r\n']) {
        expect((await rawRequest(port, garbage)).status).toBe(400);
      }
      await stillServing();
    });

    it('a path starting with // stays a path (not a host and /api/health)', async () => {
      const response = await rawRequest(port, get('//evil.example/api/health', product.apexHost));
      expect(response.head.toLowerCase()).toContain('content-type: text/html');
    });
  });

  describe('the mailbox and the local files only on localhost and *.localhost', () => {
    let download: string;

    beforeAll(async () => {
      await product.runtime.files.put('orchestras/x/files/note.txt', Buffer.from('the notes'), 'text/plain');
      download = await product.runtime.files.presignDownload('orchestras/x/files/note.txt', { filename: 'note.txt', expiresInSeconds: 300 });
    });

    it('answers the loopback names', async () => {
      for (const host of [product.apexHost, `demo.localhost:${port}`, 'localhost']) {
        expect((await rawRequest(port, get('/_mail', host))).status).toBe(200);
        const file = await rawRequest(port, get(download, host));
        expect(file.status).toBe(200);
        expect(file.body).toBe('the notes');
      }
    });

    // PORT: the server's port, known only once it runs.
    it.each(['evil.example', 'evil.example:PORT', 'localhost.evil.example', '127.0.0.1', '[::1]:PORT'])('refuses Host: %s', async (name) => {
      const host = name.replace('PORT', String(port));
      for (const path of ['/_mail', '/_mail/anything.eml', download]) {
        const response = await rawRequest(port, get(path, host));
        expect(response.status).toBe(403);
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
        expect(response.body).not.toContain('the notes');
      }
      const upload = await rawRequest(
        port,
        `POST /_local/files/upload HTTP/1.1\r\nHost: ${host}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 6\r\nConnection: close\r\n\r\n--x--\r\n`,
      );
      expect(upload.status).toBe(403);
    });
  });
});
