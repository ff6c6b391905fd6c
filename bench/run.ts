import path from 'node:path';
import { build as buildWebApp } from 'vite';
import { measureWebApp } from './web-app';
import { availableParallelism, cpus as cpuList } from 'node:os';
import { runEngineBench } from './engine';
import { measureLambdaBundles, sdkFloorEntries } from './lambda-bundles';

/** `npm run bench`: prints the measured figures. Goals are stated beside them, never asserted in tests. */
console.log('npm run bench (tsx bench/run.ts)\n');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const bundleGoalBytes = 250 * 1024;
const coldImportGoalMs = 150;

console.log(`Lambda bundles (esbuild as in CDK: ESM, minified, AWS SDK bundled; cold import = median of 5 fresh ${process.version} processes)`);
console.log(`goal: under ${kb(bundleGoalBytes)} and under ${coldImportGoalMs} ms per function\n`);
const figures = await measureLambdaBundles();
const width = Math.max(...figures.map((f) => f.entry.length));
console.log(`${'entry'.padEnd(width)}  ${'minified'.padStart(10)}  ${'of it SDK'.padStart(10)}  ${'gzip'.padStart(9)}  ${'cold import'.padStart(11)}`);
for (const f of figures) {
  const flags = `${f.bytes > bundleGoalBytes ? ' size>goal' : ''}${f.coldImportMs > coldImportGoalMs ? ' import>goal' : ''}`;
  console.log(
    `${f.entry.padEnd(width)}  ${kb(f.bytes).padStart(10)}  ${kb(f.sdkBytes).padStart(10)}  ${kb(f.gzipBytes).padStart(9)}  ${`${f.coldImportMs.toFixed(1)} ms`.padStart(11)}${flags}`,
  );
}
const leanest = Math.min(...figures.map((f) => f.sdkBytes));
console.log(`\nThe bundled AWS SDK alone is ${kb(leanest)} to ${kb(Math.max(...figures.map((f) => f.sdkBytes)))} per function (ARCHITECTURE rule 9 bundles it).`);
console.log('The floor: the same bundling of SDK clients alone, no product code (bench/sdk-floor/, not deployed):');
for (const f of await measureLambdaBundles(5, sdkFloorEntries)) {
  console.log(`  ${f.entry.padEnd(width)}  ${kb(f.bytes).padStart(10)}  ${kb(f.gzipBytes).padStart(9)} gzip  ${`${f.coldImportMs.toFixed(1)} ms`.padStart(11)}`);
}

console.log(`\nWeb app (issue 6): first visit in headless Chromium, built app on a static server, API answered by fixtures`);
console.log(`initial JS = every .js file the page loads, gzip -9; first render = navigation start to the first fetched content shown (median of 5)\n`);
await buildWebApp({ configFile: path.resolve(import.meta.dirname, '../frontend/vite.config.ts'), logLevel: 'error' });
const web = await measureWebApp();
const pageWidth = Math.max(...web.map((w) => w.page.length));
console.log(`${'page'.padEnd(pageWidth)}  ${'JS files'.padStart(8)}  ${'initial JS'.padStart(10)}  ${'first render'.padStart(12)}`);
for (const w of web) {
  console.log(`${w.page.padEnd(pageWidth)}  ${String(w.jsFiles).padStart(8)}  ${kb(w.jsGzipBytes).padStart(10)}  ${`${w.firstRenderMs.toFixed(0)} ms`.padStart(12)}`);
}

const cpus = availableParallelism();
const cpuModel = () => cpuList()[0]?.model.trim() ?? 'unknown CPU';
console.log(`\nRequest engine (issue 4): generated orchestra on a throwaway embedded PostgreSQL 17 (default settings), pg adapter`);
console.log(`machine: ${cpus} cores (${cpuModel()}), Node ${process.version}; statements = SQL statements sent, transactions = BEGIN…COMMIT pairs`);
const engine = await runEngineBench();
console.log(`setup (start PostgreSQL, migrate, seed, generate): ${(engine.setupMs / 1000).toFixed(1)} s\n`);
const nameWidth = Math.max(...engine.figures.map((f) => f.name.length));
const resultWidth = Math.max(...engine.figures.map((f) => f.result.length));
console.log(`${'measure'.padEnd(nameWidth)}  ${'ms'.padStart(9)}  ${'statements'.padStart(10)}  ${'tx'.padStart(3)}  ${'result'.padEnd(resultWidth)}  what it measures`);
for (const f of engine.figures) {
  console.log(
    `${f.name.padEnd(nameWidth)}  ${f.ms.toFixed(1).padStart(9)}  ${f.statements.padStart(10)}  ${f.transactions.padStart(3)}  ${f.result.padEnd(resultWidth)}  ${f.measures}`,
  );
}
