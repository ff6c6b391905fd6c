import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../infra/local/embedded-postgres-server';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';

/** The local twin's own PostgreSQL (not the shared test server): persistent, side by side, port fallback. */

let root: string;
const running: EmbeddedPostgresServer[] = [];

async function start(dataDir: string, port?: number, avoidPorts?: number[]): Promise<EmbeddedPostgresServer> {
  const server = await startEmbeddedPostgres({ dataDir, port, avoidPorts });
  running.push(server);
  return server;
}

async function stop(server: EmbeddedPostgresServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.stop();
}

async function query(server: EmbeddedPostgresServer, sql: string) {
  const db = createPgDatabase({ host: server.host, port: server.port, user: server.superuser, password: server.password, database: 'postgres', max: 1 });
  try {
    return (await db.query(sql)).rows;
  } finally {
    await db.close();
  }
}

const storedCredentials = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, 'postgres-superuser.json'), 'utf8'));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'orchestra-local-pg-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  await chmod(root, 0o755);
});

afterAll(async () => {
  for (const server of running.splice(0)) await server.stop().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('keeps data, password and port across restarts, and runs beside another DATA_DIR', async () => {
    const first = join(root, 'first');
    const second = join(root, 'second');
    const a = await start(first);
    await query(a, 'CREATE TABLE kept (x int)');
    await query(a, 'INSERT INTO kept VALUES (42)');
    const b = await start(second);
    expect(b.port).not.toBe(a.port);
    expect(b.password).not.toBe(a.password);

    const stored = await storedCredentials(first);
    expect(stored).toMatchObject({ superuser: 'postgres', password: a.password, port: a.port });
    expect((await stat(join(first, 'postgres-superuser.json'))).mode & 0o777).toBe(0o600);

    await stop(a);
    const again = await start(first);
    expect(again.port).toBe(a.port);
    expect(again.password).toBe(a.password);
    expect(await query(again, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
    await stop(again);
    await stop(b);
  });

  it('falls back to a free port when the stored one is taken, and remembers the new one', async () => {
    const dataDir = join(root, 'busy');
    const first = await start(dataDir);
    const port = first.port;
    await stop(first);

    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port }, resolve));
    try {
      const moved = await start(dataDir);
      expect(moved.port).not.toBe(port);
      expect((await storedCredentials(dataDir)).port).toBe(moved.port);
      expect(await query(moved, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await stop(moved);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('leaves the web server its port although it is still free: a stored port equal to PORT is given up', async () => {
    const dataDir = join(root, 'web-port');
    const first = await start(dataDir);
    const webPort = first.port; // an earlier run's database port, chosen as PORT for this run
    await stop(first);

    const moved = await start(dataDir, undefined, [webPort]);
    expect(moved.port).not.toBe(webPort);
    expect((await storedCredentials(dataDir)).port).toBe(moved.port);
    await stop(moved);
  });

  it('refuses a second server on a DATA_DIR that is in use', async () => {
    const dataDir = join(root, 'shared');
    const server = await start(dataDir);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running/);
    await stop(server);
  });
});
