import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAccount } from '../../shared/app/accounts/create-account';
import { runTick } from '../../shared/app/jobs/run-tick';
import { dropOrchestraDatabase, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import {
  activateOrchestra,
  createOrchestraDatabase,
  migrateOrchestraDatabase,
  registerOrchestra,
  seedOrchestraDatabase,
} from '../../shared/app/provisioning/provisioning-steps';
import { SqlError, type Database } from '../../shared/ports/database';
import type { DatabaseCredentials } from '../../shared/ports/secrets';
import { createLocalHttpServer, listen } from '../../infra/local/http-server';
import { readLocalConfig } from '../../infra/local/local-config';
import { createLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { createLocalWorkflows } from '../../infra/local/local-workflows';
import { TestClock } from './test-clock';
import { adminConnection, createTestDatabase, dataApiDatabaseFor } from './test-database';

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface CallOptions {
  host: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  cookie?: string;
  /** Further request headers, as a browser would send them (Origin, Sec-Fetch-Site). */
  headers?: Record<string, string>;
}

/**
 * The product as a user meets it, for integration tests: the local HTTP server on a free port, with the
 * same handlers and middy chain as the Lambdas, over a fresh control database per test file (reached
 * through the pg adapter or the Data API adapter) and real orchestra databases with their own logins.
 */
export async function startTestProduct(options: { adapter: 'pg' | 'data-api' }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'orchestra-test-'));
  const controlDb = await createTestDatabase('control');
  const admin = await adminConnection();
  const clock = new TestClock();
  const suffix = randomBytes(3).toString('hex');
  const config = readLocalConfig({ DATA_DIR: dataDir, PORT: '3000', LOG_LEVEL: 'SILENT' });
  const control: Database = options.adapter === 'pg' ? controlDb.pg : dataApiDatabaseFor(controlDb.connection);
  const runtime: LocalRuntime = await createLocalRuntime(config, admin.server, { control, clock });
  if (options.adapter === 'data-api') {
    // Orchestra databases through the Data API adapter too, each with its own login's credentials.
    const viaDataApi = new Map<string, Promise<Database>>();
    const closeLocal = runtime.close.bind(runtime);
    runtime.orchestraDatabase = (orchestra) => {
      let db = viaDataApi.get(orchestra.id);
      if (!db) {
        db = runtime.secrets.get<DatabaseCredentials>(orchestra.secretRef).then((c) =>
          dataApiDatabaseFor({ host: admin.server.host, port: admin.server.port, user: c.username, password: c.password, database: c.dbname }),
        );
        viaDataApi.set(orchestra.id, db);
      }
      return db;
    };
    runtime.close = async () => {
      for (const db of viaDataApi.values()) await (await db).close().catch(() => undefined);
      await closeLocal();
    };
  }
  // The superadmin API starts the real workflows, run in-process like the local twin's (no retry pauses).
  runtime.workflows = createLocalWorkflows(runtime, { secretPrefix: 'test/orchestras/', retryIntervalMs: 0 });
  const servers: Server[] = await listen(createLocalHttpServer(runtime), 0);
  const port = (servers[0].address() as AddressInfo).port;
  const orchestras: { database: string; login: string }[] = [];
  const baseDomain = config.BASE_DOMAIN;

  const subdomain = (name: string) => `${name}-${suffix}`;

  const product = {
    runtime,
    clock,
    baseDomain,
    apexHost: `${baseDomain}:${port}`,
    subdomain,

    /** Registers and provisions an orchestra with the real provisioning steps, plus one admin account. */
    async addOrchestra(name: string, opts: { status?: 'active' | 'suspended'; seed?: boolean; plan?: 'small' | 'medium' | 'institution' } = {}) {
      const registered = await registerOrchestra(
        runtime.control,
        { name: `Orchestra ${name}`, subdomain: subdomain(name), contactEmail: `office@${name}.example.org`, plan: opts.plan ?? 'small' },
        'test/orchestras/',
      );
      orchestras.push({ database: registered.databaseName, login: orchestraLoginName(registered.subdomain) });
      const secretRef = await createOrchestraDatabase(runtime.control, runtime.admin, runtime.secrets, registered, {
        host: admin.server.host,
        port: admin.server.port,
      });
      const record = { ...registered, secretRef };
      await migrateOrchestraDatabase(runtime.control, await runtime.orchestraDatabase(record), record.id);
      if (opts.seed) await seedOrchestraDatabase(await runtime.orchestraDatabase(record), record);
      await activateOrchestra(runtime.control, record.id, clock.now());
      if (opts.status === 'suspended') {
        await runtime.control.query(`UPDATE orchestras SET status = 'suspended' WHERE id = :id::uuid`, { id: record.id });
      }
      const adminEmail = `admin@${name}.example.org`;
      const password = `password-of-${name}`;
      await ensureAccount(runtime.control, { email: adminEmail, name: `Admin ${name}`, role: 'admin', orchestraId: record.id, password });
      return { record, host: `${record.subdomain}.${baseDomain}:${port}`, adminEmail, password };
    },

    /** Logs the orchestra's admin in and returns the `Cookie` header value to send. */
    async loginAs(orchestra: { host: string; adminEmail: string; password: string }): Promise<string> {
      const res = await product.call('POST', '/api/auth/login', {
        host: orchestra.host,
        body: { email: orchestra.adminEmail, password: orchestra.password },
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return (res.headers['set-cookie'] as string[])[0].split(';')[0];
    },

    /** The orchestra's own database (through its own login), for assertions. */
    orchestraDb(orchestra: { record: Parameters<LocalRuntime['orchestraDatabase']>[0] }) {
      return runtime.orchestraDatabase(orchestra.record);
    },

    async addSuperadmin(email: string, password: string) {
      await ensureAccount(runtime.control, { email, name: 'Root', role: 'superadmin', orchestraId: null, password });
    },

    call(method: string, path: string, opts: CallOptions): Promise<TestResponse> {
      const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const headers: Record<string, string> = { host: opts.host };
      if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
      // Node sends a GET's or DELETE's body unframed (no chunking by default): the length makes it one request.
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
      if (opts.cookie) headers.cookie = opts.cookie;
      Object.assign(headers, opts.headers);
      return new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
    },

    async count(table: string): Promise<number> {
      const { rows } = await runtime.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return rows[0].n;
    },

    /** Runs the tick (outbox delivery into the mailbox) and returns the newest message to this address. */
    async deliverAndReadMail(to: string) {
      await runTick(runtime);
      const summaries = await runtime.mailbox.list();
      const summary = summaries.find((m) => m.to.includes(to));
      if (!summary) throw new Error(`no mail to ${to}; mailbox has ${summaries.length} messages`);
      return (await runtime.mailbox.read(summary.id))!;
    },

    /** Swaps the control database for one that fails like a broken query would, for the duration of fn. */
    async withBrokenControlDatabase<T>(
      fn: () => Promise<T>,
      failing = new SqlError('relation "users" does not exist: SELECT id FROM users WHERE email = $1', '42P01'),
    ): Promise<T> {
      const real = runtime.control;
      runtime.control = { ...real, query: async () => Promise.reject(failing), transaction: async () => Promise.reject(failing) };
      try {
        return await fn();
      } finally {
        runtime.control = real;
      }
    },

    async close() {
      for (const server of servers) server.close();
      await runtime.close();
      for (const o of orchestras) await dropOrchestraDatabase(admin.pg, o.database, o.login).catch(() => undefined);
      await controlDb.drop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return product;
}

export type TestProduct = Awaited<ReturnType<typeof startTestProduct>>;
