import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { npmStartEnvironment } from './npm-start-environment';

/**
 * Global setup of the end-to-end tier: the product exactly as a new user starts it (`npm start`), on a free
 * port with a fresh data folder and known passwords, stopped and removed afterwards. Its environment is built
 * from a clean base (npm-start-environment.ts): the caller's settings never change what the tests see.
 */
export const e2eAccounts = {
  superadmin: { email: 'superadmin@example.org', password: 'e2e-superadmin-password' },
  demoAdmin: { email: 'admin@demo.example.org', password: 'e2e-demo-admin-password' },
};

declare module 'vitest' {
  export interface ProvidedContext {
    port: number;
  }
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'orchestra-e2e-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as 'postgres' and must enter it
  const child = spawn('npm', ['start'], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: npmStartEnvironment(process.env, {
      PORT: String(port),
      DATA_DIR: dataDir,
      TICK_SECONDS: '1',
      SUPERADMIN_PASSWORD: e2eAccounts.superadmin.password,
      DEMO_ADMIN_PASSWORD: e2eAccounts.demoAdmin.password,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so npm, tsx and PostgreSQL stop together
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    await waitUntilRunning(child, () => output, port);
  } catch (error) {
    await stop(child);
    throw error;
  }
  project.provide('port', port);

  return async () => {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function waitUntilRunning(child: ChildProcess, output: () => string, port: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    if (output().includes('Orchestra System is running.')) {
      const health = await fetch(`http://localhost:${port}/api/health`).catch(() => undefined);
      if (health?.ok) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not come up within 120 s:\n${output()}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
