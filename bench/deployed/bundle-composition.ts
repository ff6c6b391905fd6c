import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../lambda-bundles';

/** The AWS SDK's parts: clients and their runtime (ARCHITECTURE rule 9 bundles them); everything else is the product's own. */
const sdkInput = /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;

export interface BundleComposition {
  /** Minified bytes of the rebuilt bundle (compare with the deployed asset's). */
  bytes: number;
  sdkBytes: number;
  /** Everything not from @aws-sdk, @smithy or @aws-crypto: the product's code and its other dependencies. */
  ownBytes: number;
  /** The largest own inputs by package (or `project` for the repository's files), for where to cut. */
  largestOwn: { name: string; bytes: number }[];
  /** `@aws-sdk/<name>` → versions of that package found in the bundle (two means two copies). */
  sdkVersions: Map<string, Set<string>>;
}

/** `node_modules/@aws-sdk/client-s3/dist-es/…` → `@aws-sdk/client-s3` (the innermost node_modules wins). */
function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function versionOf(input: string, name: string): string {
  const root = input.slice(0, input.lastIndexOf('node_modules/') + 'node_modules/'.length) + name;
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function compositionOf(metafile: Metafile): Omit<BundleComposition, 'bytes'> {
  const inputs = Object.values(metafile.outputs).find((output) => output.entryPoint)?.inputs ?? {};
  let sdkBytes = 0;
  const own = new Map<string, number>();
  const sdkVersions = new Map<string, Set<string>>();
  for (const [file, input] of Object.entries(inputs)) {
    const name = packageOf(file) ?? 'project';
    if (sdkInput.test(file)) {
      sdkBytes += input.bytesInOutput;
      if (name.startsWith('@aws-sdk/')) {
        if (!sdkVersions.has(name)) sdkVersions.set(name, new Set());
        sdkVersions.get(name)!.add(versionOf(file, name));
      }
    } else {
      own.set(name, (own.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  const largestOwn = [...own].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  return { sdkBytes, ownBytes: largestOwn.reduce((sum, part) => sum + part.bytes, 0), largestOwn: largestOwn.slice(0, 4), sdkVersions };
}

/**
 * The entry bundled again with the settings ApiFunction gives NodejsFunction (infra/constructs/lambda-bundling.ts),
 * for esbuild's metafile: which input put how many bytes into the output. CDK keeps no metafile with the asset.
 */
export async function bundleComposition(entry: string): Promise<BundleComposition> {
  const out = mkdtempSync(join(tmpdir(), 'orchestra-bench-bundle-'));
  try {
    const outfile = join(out, 'index.mjs');
    const result = await build(lambdaBuildOptions(entry, outfile));
    return { bytes: statSync(outfile).size, ...compositionOf(result.metafile) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
