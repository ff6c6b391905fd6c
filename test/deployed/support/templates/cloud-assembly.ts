import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TemplateError } from './template-error.js';
import type { Template } from './template-types.js';

/** One CloudFormation stack of a cloud assembly, as `cdk synth` wrote it. */
export interface AssemblyStack {
  name: string;
  /** The folder holding the template and its assets (the outdir, or a nested Stage assembly). */
  assemblyDir: string;
  template: Template;
  /** Asset sources published for this stack, by their S3 object key (`<hash>.zip`) → absolute path. */
  assetSourcesByObjectKey: Map<string, string>;
}

interface ManifestArtifact {
  type: string;
  properties?: { templateFile?: string; stackName?: string; file?: string; directoryName?: string };
  dependencies?: string[];
  displayName?: string;
}

interface AssetManifest {
  files?: Record<string, { source: { path?: string }; destinations: Record<string, { objectKey: string }> }>;
}

function readJson<T>(path: string): T {
  if (!existsSync(path)) throw new TemplateError(`${path}: not found (is this a cloud assembly from \`cdk synth\`?)`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every stack of the assembly, nested Stage assemblies included, with its template and its asset sources. */
export function readCloudAssembly(outdir: string): AssemblyStack[] {
  const assemblyDir = resolve(outdir);
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(join(assemblyDir, 'manifest.json'));
  const artifacts = manifest.artifacts ?? {};
  const stacks: AssemblyStack[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readCloudAssembly(join(assemblyDir, artifact.properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const assetSourcesByObjectKey = new Map<string, string>();
    for (const dependency of artifact.dependencies ?? []) {
      const assets = artifacts[dependency];
      if (assets?.type !== 'cdk:asset-manifest' || !assets.properties?.file) continue;
      const assetManifest = readJson<AssetManifest>(join(assemblyDir, assets.properties.file));
      for (const file of Object.values(assetManifest.files ?? {})) {
        if (!file.source.path) continue;
        for (const destination of Object.values(file.destinations)) {
          assetSourcesByObjectKey.set(destination.objectKey, join(assemblyDir, file.source.path));
        }
      }
    }
    stacks.push({
      name: artifact.properties.stackName ?? artifactId,
      assemblyDir,
      template: readJson<Template>(join(assemblyDir, artifact.properties.templateFile)),
      assetSourcesByObjectKey,
    });
  }
  if (stacks.length === 0) throw new TemplateError(`${assemblyDir}: the cloud assembly has no CloudFormation stacks`);
  return stacks;
}
