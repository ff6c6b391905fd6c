import { measureLambdaBundles } from './lambda-bundles';

/** `npm run bench`: prints the measured figures. Goals are stated beside them, never asserted in tests. */
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const bundleGoalBytes = 250 * 1024;
const coldImportGoalMs = 150;

console.log(`Lambda bundles (esbuild as in CDK: ESM, minified, AWS SDK bundled; cold import = median of 5 fresh ${process.version} processes)`);
console.log(`goal: under ${kb(bundleGoalBytes)} and under ${coldImportGoalMs} ms per function\n`);
const figures = await measureLambdaBundles();
const width = Math.max(...figures.map((f) => f.entry.length));
console.log(`${'entry'.padEnd(width)}  ${'minified'.padStart(10)}  ${'gzip'.padStart(9)}  ${'cold import'.padStart(11)}`);
for (const f of figures) {
  const flags = `${f.bytes > bundleGoalBytes ? ' size>goal' : ''}${f.coldImportMs > coldImportGoalMs ? ' import>goal' : ''}`;
  console.log(`${f.entry.padEnd(width)}  ${kb(f.bytes).padStart(10)}  ${kb(f.gzipBytes).padStart(9)}  ${`${f.coldImportMs.toFixed(1)} ms`.padStart(11)}${flags}`);
}
