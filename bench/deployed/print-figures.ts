import type { DeployedLambdaFigure } from './deployed-lambdas';

/** The goals of issue 13 ("Speed and size"), printed beside every figure. */
export const goals = { requestFirstResponseMs: 120, tickFirstResponseMs: 160, coldImportMs: 80, ownBytes: 250 * 1024 };

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function firstResponseGoal(figure: DeployedLambdaFigure): number | undefined {
  if (figure.first.kind === 'request') return goals.requestFirstResponseMs;
  if (figure.first.kind === 'tick') return goals.tickFirstResponseMs;
  return undefined;
}

/** `  93 ms ≤120` or `  133 ms >120 MISSES`: the figure and whether it meets its goal. */
function against(value: string, goal: string | undefined, met: boolean): string {
  return goal === undefined ? value : `${value} ${met ? '≤' : '>'}${goal}${met ? '' : ' MISSES'}`;
}

export function printDeployedLambdas(figures: DeployedLambdaFigure[]): void {
  const rows = figures.map((f) => {
    const responseGoal = firstResponseGoal(f);
    return [
      f.name,
      f.first.what,
      f.cold.answers.join(' / '),
      against(ms(f.cold.importMs), String(goals.coldImportMs), f.cold.importMs <= goals.coldImportMs),
      ms(f.cold.initMs),
      against(ms(f.cold.firstResponseMs), responseGoal === undefined ? undefined : String(responseGoal), responseGoal === undefined || f.cold.firstResponseMs <= responseGoal),
      against(kb(f.composition.ownBytes), '250', f.composition.ownBytes <= goals.ownBytes),
      kb(f.assetBytes),
      kb(f.composition.sdkBytes),
    ];
  });
  const header = ['function', 'first request', 'answered', 'cold import', 'spawn→loaded', 'first response', 'own code', 'bundle', 'of it SDK'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));

  const options = [...new Set(figures.map((f) => f.nodeOptions || '(none)'))];
  console.log(`\nNODE_OPTIONS in the templates: ${options.join(', ')}`);
  const biggest = [...figures].sort((a, b) => b.composition.ownBytes - a.composition.ownBytes)[0];
  if (biggest) {
    console.log(`Largest own code: ${biggest.name}: ${biggest.composition.largestOwn.map((part) => `${part.name} ${kb(part.bytes)}`).join(', ')}`);
  }
  const drift = figures.filter((f) => Math.abs(f.assetBytes - f.composition.bytes) > 512);
  for (const f of drift) console.log(`note: ${f.name}: the rebuilt bundle (${kb(f.composition.bytes)}) differs from the deployed asset (${kb(f.assetBytes)}): synth is older than the source?`);
}

/** Every @aws-sdk package in any deployed bundle with the versions found; more than one version means two copies. */
export function printSdkVersions(figures: DeployedLambdaFigure[]): void {
  const all = new Map<string, Set<string>>();
  for (const f of figures) {
    for (const [name, versions] of f.composition.sdkVersions) {
      if (!all.has(name)) all.set(name, new Set());
      for (const version of versions) all.get(name)!.add(version);
    }
  }
  const duplicated = [...all].filter(([, versions]) => versions.size > 1);
  const clients = [...all].filter(([name]) => /^@aws-sdk\/(client-|s3-|credential-providers$)/.test(name));
  const clientVersions = new Set(clients.flatMap(([, versions]) => [...versions]));
  console.log(`\n@aws-sdk in the deployed bundles (goal: all on one version):`);
  console.log(`  clients and presigners: ${clients.map(([name, versions]) => `${name.replace('@aws-sdk/', '')} ${[...versions].join('+')}`).join(', ')}`);
  console.log(`  their shared runtime: ${[...all].filter(([name]) => !clients.some(([client]) => client === name)).map(([name, versions]) => `${name.replace('@aws-sdk/', '')} ${[...versions].join('+')}`).join(', ')}`);
  console.log(
    duplicated.length === 0
      ? `  one copy of every @aws-sdk package in every bundle; client versions: ${[...clientVersions].join(', ')}`
      : `  MORE THAN ONE VERSION: ${duplicated.map(([name, versions]) => `${name} ${[...versions].join(' and ')}`).join('; ')}`,
  );
}
