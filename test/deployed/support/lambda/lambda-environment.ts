import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Credentials, FunctionSpec } from '../contracts';

/** The project's AWS SDK v3, standing in for the one Lambda's Node runtimes ship in /var/runtime/node_modules. */
const projectAwsSdk = path.resolve(import.meta.dirname, '../../../../node_modules/@aws-sdk');

/**
 * The folders a host shares between its functions: a runtime folder whose node_modules holds only `@aws-sdk`
 * (NODE_PATH, as /var/runtime/node_modules in Lambda) and an empty HOME, so the SDK finds no ~/.aws profile.
 */
export interface RuntimeFolders {
  runtimeDir: string;
  nodePath: string;
  home: string;
  remove(): void;
}

export function createRuntimeFolders(): RuntimeFolders {
  const root = mkdtempSync(path.join(tmpdir(), 'lambda-host-'));
  const runtimeDir = path.join(root, 'runtime');
  const nodePath = path.join(runtimeDir, 'node_modules');
  const home = path.join(root, 'home');
  mkdirSync(nodePath, { recursive: true });
  mkdirSync(home);
  symlinkSync(projectAwsSdk, path.join(nodePath, '@aws-sdk'), 'dir');
  return { runtimeDir, nodePath, home, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface EnvironmentInputs {
  spec: FunctionSpec;
  taskRoot: string;
  credentials: Credentials;
  endpoints: Record<string, string>;
  region: string;
  folders: RuntimeFolders;
}

/** A log stream name as Lambda makes one: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * Exactly what a function's process sees: the template's variables, then what Lambda itself sets. Nothing of
 * the parent's environment is copied (the tier is hermetic). Lambda's reserved variables win over the template's,
 * as Lambda refuses templates that set them.
 */
export function lambdaEnvironment({ spec, taskRoot, credentials, endpoints, region, folders }: EnvironmentInputs): Record<string, string> {
  const environment: Record<string, string> = {
    ...spec.environment,
    _HANDLER: spec.handler,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: folders.runtimeDir,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    NODE_PATH: folders.nodePath,
    HOME: folders.home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  if (credentials.sessionToken) environment.AWS_SESSION_TOKEN = credentials.sessionToken;
  for (const [suffix, url] of Object.entries(endpoints)) environment[`AWS_ENDPOINT_URL_${suffix.toUpperCase()}`] = url;
  return environment;
}

/**
 * The V8 heap flags Lambda's Node bootstrap adds from the memory size (new space a tenth of it, the rest old
 * space), unless NODE_OPTIONS already sets one.
 */
export function memoryArguments(memoryMb: number, nodeOptions: string | undefined): string[] {
  if (/--max[-_](semi|old)[-_]space[-_]size/.test(nodeOptions ?? '')) return [];
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`, `--max-old-space-size=${memoryMb - newSpace}`];
}
