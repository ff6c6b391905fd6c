import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DeployedTemplates, FunctionSpec } from '../../test/deployed/support/contracts';
import { loadDeployedTemplates } from '../../test/deployed/support/templates/index';
import { startAwsStandIns } from './aws-stand-ins';
import { bundleComposition, type BundleComposition } from './bundle-composition';
import { coldStartFigures, type ColdStartFigures } from './cold-starts';
import { firstEventFor, type EdgeHeaders, type FirstEvent } from './first-events';

export interface DeployedLambdaFigure {
  /** `api/SystemFunction` */
  name: string;
  entry: string;
  first: Pick<FirstEvent, 'what' | 'kind'>;
  cold: ColdStartFigures;
  /** The deployed asset's index.mjs, as `cdk deploy` uploads it (source map not counted). */
  assetBytes: number;
  composition: BundleComposition;
  nodeOptions: string;
}

/** ApiFunction describes each role as `Runs <entry>`: the way from a deployed function back to its source entry. */
function entryOf(templates: DeployedTemplates, spec: FunctionSpec): string | undefined {
  const description = templates.findByRefOrArn(spec.roleArn)?.properties.Description;
  return typeof description === 'string' ? /^Runs (\S+\.ts)$/.exec(description)?.[1] : undefined;
}

/** The product's functions: ESM assets built from an entry of the repository (not CDK's provider framework or BucketDeployment). */
function productFunctions(templates: DeployedTemplates) {
  return templates
    .functions()
    .map((spec) => ({ spec, entry: entryOf(templates, spec) }))
    .filter((f): f is { spec: FunctionSpec; entry: string } => f.entry !== undefined && existsSync(join(f.spec.assetDir, 'index.mjs')));
}

/** The value CloudFront sends as x-origin-verify, when the stacks keep one in a secret the API functions name. */
function edgeHeaders(templates: DeployedTemplates, seeded: (arn: string) => string | undefined, specs: FunctionSpec[]): EdgeHeaders {
  const arn = specs.map((spec) => spec.environment.ORIGIN_VERIFY_SECRET_ARN).find(Boolean);
  const value = arn ? seeded(arn) : undefined;
  if (!value) return {};
  try {
    return { originVerify: (JSON.parse(value) as { value?: string }).value };
  } catch {
    return { originVerify: value };
  }
}

/**
 * Every product function of the cloud assembly, cold-started `runs` times each in a fresh Node 24 process
 * with its template's environment against the deployed tier's local AWS (IAM judged from the templates).
 * The control database setup runs first, so the others meet a migrated control database as after a deploy.
 */
export async function measureDeployedLambdas(assemblyDir: string, runs: number): Promise<{ figures: DeployedLambdaFigure[]; denials: string[] }> {
  const templates = loadDeployedTemplates(assemblyDir);
  const functions = productFunctions(templates);
  const setupFirst = (entry: string) => (entry.endsWith('prepare-control-lambda.ts') ? 0 : 1);
  functions.sort((a, b) => setupFirst(a.entry) - setupFirst(b.entry));
  const aws = await startAwsStandIns(templates);
  try {
    const secrets = new Map(aws.seededSecrets.map((secret) => [secret.arn, secret.value]));
    const edge = edgeHeaders(templates, (arn) => secrets.get(arn), functions.map((f) => f.spec));
    const figures: DeployedLambdaFigure[] = [];
    for (const { spec, entry } of functions) {
      const first = firstEventFor(templates, spec, entry, edge);
      const cold = await coldStartFigures(spec, first.event, aws, runs);
      figures.push({
        name: `${spec.stack.replace(/^orchestra-system-[^-]+-/, '')}/${spec.logicalId.replace(/[0-9A-F]{8}$/, '')}`,
        entry,
        first: { what: first.what, kind: first.kind },
        cold,
        assetBytes: statSync(join(spec.assetDir, 'index.mjs')).size,
        composition: await bundleComposition(entry),
        nodeOptions: spec.environment.NODE_OPTIONS ?? '',
      });
    }
    return { figures, denials: aws.denials() };
  } finally {
    await aws.stop();
  }
}
