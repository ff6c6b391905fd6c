import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesizeDeployedApp } from '../../test/deployed/support/synth-deployed-app';

export interface BenchAssembly {
  dir: string;
  /** How it was made, for the printout. */
  origin: string;
  remove(): Promise<void>;
}

/**
 * The cloud assembly the bench measures: `--assembly <dir>` reuses one (e.g. from a previous run or the
 * deployed tier), otherwise a real bundled `cdk synth` with the deployed tier's context, as an operator's deploy.
 */
export async function benchAssembly(argv: string[]): Promise<BenchAssembly> {
  const given = argv.indexOf('--assembly');
  if (given !== -1) {
    const dir = argv[given + 1];
    if (!dir) throw new Error('--assembly needs a folder: npm run bench -- --assembly /tmp/cdk.out');
    return { dir: resolve(dir), origin: `--assembly ${dir}`, remove: async () => {} };
  }
  const folder = await mkdtemp(join(tmpdir(), 'orchestra-bench-assembly-'));
  // The embedded PostgreSQL runs as another user when the bench runs as root; the assets are read by the function processes.
  await chmod(folder, 0o755);
  const dir = join(folder, 'cdk.out');
  const started = performance.now();
  await synthesizeDeployedApp(dir);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  return { dir, origin: `npx cdk synth --quiet -o ${dir} (deployed tier context, ${seconds} s)`, remove: () => rm(folder, { recursive: true, force: true }) };
}
