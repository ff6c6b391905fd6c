import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * `import { z } from 'zod'` drags zod's whole namespace (64 locales, JSON-schema tools) into every Lambda
 * bundle: about 450 KB instead of about 85 KB for `import * as z from 'zod'`, which esbuild can tree-shake.
 * Measured with `npm run bench`.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

it('imports zod as a namespace everywhere that may end up in a Lambda bundle', () => {
  const offenders = ['functions', 'shared'].flatMap(sourceFiles).filter((file) => /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/.test(readFileSync(file, 'utf8')));
  expect(offenders).toEqual([]);
});
