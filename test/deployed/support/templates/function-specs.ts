import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec, ResolvedResource } from '../contracts.js';
import { TemplateError } from './template-error.js';

/** Lambda's defaults when the template leaves them out. */
const defaultTimeoutSeconds = 3;
const defaultMemoryMb = 128;

/**
 * Inline code (`Code.ZipFile`) is written by Lambda as `index.js` (Node) or `index.py` (Python); this writes it
 * the same way, once per content, so a host can load it like any asset.
 */
function inlineCodeDir(zipFile: string, runtime: string): string {
  const dir = join(tmpdir(), 'deployed-tier-inline-code', createHash('sha256').update(runtime + zipFile).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, runtime.startsWith('python') ? 'index.py' : 'index.js'), zipFile);
  return dir;
}

export function functionSpecOf(resource: ResolvedResource): FunctionSpec {
  const properties = resource.properties;
  const where = `${resource.stack}/${resource.logicalId}`;
  const runtime = String(properties.Runtime ?? '');
  const zipFile = properties.Code?.ZipFile;
  const assetDir = resource.assetPath ?? (typeof zipFile === 'string' ? inlineCodeDir(zipFile, runtime) : undefined);
  if (!assetDir) throw new TemplateError(`${where}: the function has neither an asset (Metadata aws:asset:path) nor inline code`);
  const variables: Record<string, unknown> = properties.Environment?.Variables ?? {};
  return {
    stack: resource.stack,
    logicalId: resource.logicalId,
    functionName: resource.ref,
    arn: resource.attributes.Arn,
    assetDir,
    handler: String(properties.Handler ?? ''),
    runtime,
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    timeoutSeconds: Number(properties.Timeout ?? defaultTimeoutSeconds),
    memoryMb: Number(properties.MemorySize ?? defaultMemoryMb),
    roleArn: String(properties.Role ?? ''),
  };
}
