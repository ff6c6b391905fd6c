import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaAliasArgs, lambdaAliases, lambdaMainFields, lambdaTarget } from '../../infra/constructs/lambda-bundling';
import { defaultProvider } from '../../shared/runtime/lambda-credentials';

/** Names the installed SDK packages import from `module` (e.g. `defaultProvider` from credential-provider-node). */
function namesImportedFrom(module: string): Set<string> {
  const names = new Set<string>();
  const sdk = 'node_modules/@aws-sdk';
  for (const pkg of readdirSync(sdk)) {
    const file = join(sdk, pkg, 'dist-es/runtimeConfig.js');
    if (!existsSync(file)) continue;
    const pattern = new RegExp(`import \\{([^}]*)\\} from "${module.replace(/[/]/g, '\\/')}"`, 'g');
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      for (const part of match[1].split(',')) names.add(part.trim().split(/\s+as\s+/)[0]);
    }
  }
  return names;
}

describe('Lambda bundling aliases', () => {
  it('replace only modules whose every imported name the stand-in exports', async () => {
    for (const [from, to] of Object.entries(lambdaAliases)) {
      const wanted = namesImportedFrom(from);
      expect(wanted.size, from).toBeGreaterThan(0);
      const standIn = (await import(`../../${to}`)) as Record<string, unknown>;
      for (const name of wanted) expect(typeof standIn[name], `${to} exports ${name}`).toBe('function');
    }
    expect(lambdaAliasArgs['--alias']).toEqual(Object.entries(lambdaAliases).map(([from, to]) => `${from}=${to}`));
  });

  it('keep out of a bundle the default credential chain and its nested clients, and a second S3 client', async () => {
    const result = await build({
      entryPoints: ['functions/files/lambda.ts'],
      bundle: true,
      write: false,
      metafile: true,
      outfile: 'out.mjs',
      platform: 'node',
      format: 'esm',
      target: lambdaTarget,
      mainFields: lambdaMainFields,
      alias: lambdaAliases,
      logLevel: 'silent',
    });
    // Files that put code into the bundle (the metafile also lists modules tree-shaking dropped).
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file);
    expect(inputs.some((f) => f.includes('@aws-sdk/client-rds-data/'))).toBe(true);
    expect(inputs.filter((f) => /credential-provider-(node|ini|sso)|nested-clients/.test(f))).toEqual([]);
    // s3-presigned-post pins client-s3 exactly: a different client-s3 version bundles a second copy (~70 KB).
    expect(inputs.filter((f) => /node_modules\/@aws-sdk\/[^/]+\/node_modules\/@aws-sdk\/client-s3\//.test(f))).toEqual([]);
  });
});

describe('the Lambda credential provider', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("hands the SDK the credentials Lambda puts in the function's environment", async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDLAMBDA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('fails clearly when the environment holds no credentials', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(defaultProvider()()).rejects.toThrow(/credentials/i);
  });
});
