import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build, type BuildOptions } from 'esbuild';
import { provisionOrchestraFunctions } from '../functions/workflow/provision-orchestra-functions';
import { lambdaAliases, lambdaEsmBanner, lambdaMainFields, lambdaTarget } from '../infra/constructs/lambda-bundling';

/**
 * Every Lambda entry (functions/**\/lambda.ts and *-lambda.ts) bundled as CDK bundles it, then measured:
 * minified size, gzip size, and cold import time (a fresh Node process importing the bundle; median of runs).
 */
export interface BundleFigure {
  entry: string;
  bytes: number;
  /** Of `bytes`, what the bundled AWS SDK (clients, @smithy, @aws-crypto) puts in (ARCHITECTURE rule 9). */
  sdkBytes: number;
  gzipBytes: number;
  coldImportMs: number;
}

/** Every deployed entry: `lambda.ts` / `*-lambda.ts` files, plus the provisioning workflow's step files. */
function lambdaEntries(): string[] {
  return [...entryFiles('functions'), ...Object.values(provisionOrchestraFunctions).map((entry) => `functions/workflow/${entry}.ts`)];
}

function entryFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return entryFiles(path);
    return name === 'lambda.ts' || name.endsWith('-lambda.ts') ? [path] : [];
  });
}

function coldImportMs(file: string, runs: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-north-1', LOG_LEVEL: 'SILENT' },
    });
    if (result.status !== 0) throw new Error(`importing ${file} failed: ${result.stderr}`);
    times.push(Number(result.stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The reference entries under bench/sdk-floor/: the bundled SDK clients alone, with no product code. */
export const sdkFloorEntries = ['bench/sdk-floor/data-api-client.ts', 'bench/sdk-floor/request-function-clients.ts'];

/** esbuild with the settings ApiFunction gives NodejsFunction (infra/constructs/lambda-bundling.ts), plus a metafile. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [entry],
    metafile: true,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: lambdaTarget,
    mainFields: lambdaMainFields,
    minify: true,
    alias: lambdaAliases,
    banner: { js: lambdaEsmBanner },
    logLevel: 'error',
  };
}

export async function measureLambdaBundles(runs = 5, entries = lambdaEntries()): Promise<BundleFigure[]> {
  const out = mkdtempSync(join(tmpdir(), 'orchestra-bench-'));
  try {
    const figures: BundleFigure[] = [];
    for (const entry of entries) {
      const outfile = join(out, `${relative('.', entry).replace(/[\\/]/g, '__').replace(/\.ts$/, '')}.mjs`);
      const result = await build(lambdaBuildOptions(entry, outfile));
      const bytes = statSync(outfile).size;
      const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
      const sdkBytes = Object.entries(inputs)
        .filter(([file]) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(file))
        .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
      figures.push({ entry, bytes, sdkBytes, gzipBytes: gzipSync(readFileSync(outfile)).length, coldImportMs: coldImportMs(outfile, runs) });
    }
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
