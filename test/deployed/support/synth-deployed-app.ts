import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/**
 * vitest globalSetup of the deployed tier: `cdk synth` exactly as an operator's deploy runs it (the cdk.json
 * app: web app build, then the CDK app with bundling ON), once per run, into a temporary cloud assembly that
 * every scenario reads. The context is a production-like stage with its own domain.
 */
export const deployedStage = {
  stage: 'deployed',
  domainName: 'orchestra.test',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/deployed-tier',
  superadminEmail: 'operator@orchestra.test',
  mailFrom: 'Orchestra System <no-reply@orchestra.test>',
  // The tick sends at this rate; a higher one keeps the scenarios short, as an account out of the sandbox would.
  mailRatePerSecond: '10',
};

declare module 'vitest' {
  export interface ProvidedContext {
    cloudAssembly: string;
  }
}

/** Only what the CDK CLI and npm need; nothing of the caller's AWS setup reaches the synth. */
function synthEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TERM', 'npm_config_cache'];
  const env: NodeJS.ProcessEnv = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export async function synthesizeDeployedApp(outdir: string): Promise<void> {
  const context = Object.entries(deployedStage).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '-o', outdir, ...context], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    env: synthEnvironment(),
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
}

export default async function setup(project: TestProject) {
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-deployed-'));
  // Assets are read by the functions' processes and the embedded PostgreSQL runs as another user.
  await chmod(folder, 0o755);
  const outdir = join(folder, 'cdk.out');
  await synthesizeDeployedApp(outdir);
  project.provide('cloudAssembly', outdir);
  return async () => {
    await rm(folder, { recursive: true, force: true });
  };
}
