/**
 * How every Lambda is bundled, in one place: the ApiFunction construct hands these to NodejsFunction,
 * and `npm run bench` bundles with the very same settings to measure size and cold import time.
 */
export const lambdaTarget = 'node24';

export const lambdaMainFields = ['module', 'main'];

// Some bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
export const lambdaEsmBanner =
  "import { createRequire as __orchestraCreateRequire } from 'node:module'; const require = __orchestraCreateRequire(import.meta.url);";
