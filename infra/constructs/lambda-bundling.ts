/**
 * How every Lambda is bundled, in one place: the ApiFunction construct hands these to NodejsFunction,
 * and `npm run bench` bundles with the very same settings to measure size and cold import time.
 */
export const lambdaTarget = 'node24';

export const lambdaMainFields = ['module', 'main'];

// Some bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
export const lambdaEsmBanner =
  "import { createRequire as __orchestraCreateRequire } from 'node:module'; const require = __orchestraCreateRequire(import.meta.url);";

/**
 * Modules swapped at bundle time (esbuild `alias`, paths relative to the project root). The SDK clients'
 * default credential chain becomes the environment provider Lambda uses anyway; see
 * shared/runtime/lambda-credentials.ts for why.
 */
export const lambdaAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './shared/runtime/lambda-credentials.ts',
};

/** The same aliases as NodejsFunction's `esbuildArgs` (`--alias:from=to`). */
export const lambdaAliasArgs = { '--alias': Object.entries(lambdaAliases).map(([from, to]) => `${from}=${to}`) };
