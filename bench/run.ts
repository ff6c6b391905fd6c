import path from 'node:path';
import { build as buildWebApp } from 'vite';
import { measureWebApp } from './web-app';
import { availableParallelism, cpus as cpuList } from 'node:os';
import { runEngineBench } from './engine';
import { runMailBench } from './mail';
import { measureLambdaBundles, sdkFloorEntries } from './lambda-bundles';
import { benchAssembly } from './deployed/cloud-assembly';
import { measureDeployedLambdas } from './deployed/deployed-lambdas';
import { goals, printDeployedLambdas, printSdkVersions } from './deployed/print-figures';

/** `npm run bench`: prints the measured figures. Goals are stated beside them, never asserted in tests. */
console.log('npm run bench (tsx bench/run.ts)\n');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
// `--only lambdas` skips the web app and engine benches; `--only mail` runs the mail delivery bench alone;
// `--runs N` sets the cold starts per function.
const only = option('--only');
const runs = Number(option('--runs') ?? 5);

async function printMailBench() {
  console.log(`\nMail delivery (issue 14, point 18): the tick's delivery on embedded PostgreSQL 17 into the local mailbox, real time\n`);
  for (const f of await runMailBench()) console.log(`${f.name.padEnd(40)}  ${f.value.padStart(22)}  ${f.measures}`);
}
if (only === 'mail') {
  await printMailBench();
  process.exit(0);
}

const assembly = await benchAssembly(args);
try {
  console.log(`Deployed Lambdas (issue 13): every product function of the cloud assembly, as deployed`);
  console.log(`assembly: ${assembly.origin}`);
  console.log(`each cold start: a fresh ${process.version} process with exactly the template's environment (Lambda host of test/deployed),`);
  console.log(`against local Data API (embedded PostgreSQL 17), Secrets Manager and STS with IAM judged from the templates;`);
  console.log(`median of ${runs}; cold import = the asset's import inside the process; first response = process spawn to the answer;`);
  console.log(`own code = bundle bytes not from @aws-sdk/@smithy/@aws-crypto (esbuild metafile of the same bundling)`);
  console.log(`goals: first response ≤ ${goals.requestFirstResponseMs} ms (request functions), ≤ ${goals.tickFirstResponseMs} ms (tick); cold import ≤ ${goals.coldImportMs} ms; own code ≤ 250 KB\n`);
  const deployed = await measureDeployedLambdas(assembly.dir, runs);
  printDeployedLambdas(deployed.figures);
  printSdkVersions(deployed.figures);
  if (deployed.denials.length) console.log(`\nIAM denied ${deployed.denials.length} call(s) AWS would deny too:\n  ${[...new Set(deployed.denials)].join('\n  ')}`);
} finally {
  await assembly.remove();
}

console.log('\nThe floor: the same bundling of SDK clients alone, no product code (bench/sdk-floor/, not deployed; cold import = median of 5 fresh processes):');
for (const f of await measureLambdaBundles(5, sdkFloorEntries)) {
  console.log(`  ${f.entry.padEnd(44)}  ${kb(f.bytes).padStart(10)}  ${kb(f.gzipBytes).padStart(9)} gzip  ${`${f.coldImportMs.toFixed(1)} ms`.padStart(9)}`);
}
if (only === 'lambdas') process.exit(0);

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
await printMailBench();
