import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Credentials, FunctionSpec, InvocationResult, LambdaHost } from '../contracts';
import { ExecutionEnvironment } from './execution-environment';
import { findFunction, invokedFunctionArn } from './function-reference';
import { createRuntimeFolders, lambdaEnvironment } from './lambda-environment';

export interface LambdaHostOptions {
  functions: FunctionSpec[];
  /** The function role's keys (the IAM helper issues them); asked once per execution environment. */
  credentialsFor(spec: FunctionSpec): Credentials;
  /** `AWS_ENDPOINT_URL_<suffix>` values: `{ STS: 'http://127.0.0.1:4001', … }`; read at each cold start, so may be filled in late. */
  endpoints: Record<string, string>;
  region: string;
  /** Echo every function's logs to stderr (also with DEPLOYED_TIER_LOGS=1). */
  echoLogs?: boolean;
  /** Execution environments one function may have at once; invokes past it wait for one to free up. */
  concurrencyPerFunction?: number;
}

export interface InvocationRecord {
  function: string;
  cold: boolean;
  /** The invoke phase: event sent to outcome received. */
  durationMs: number;
  ok: boolean;
  requestId: string;
  /** Cold starts only: process spawn to handler loaded (what a cold start adds before durationMs). */
  initDurationMs?: number;
  /** Cold starts only: the asset's import as the runtime timed it inside the process. */
  importDurationMs?: number;
  errorType?: string;
}

export interface LocalLambdaHost extends LambdaHost {
  readonly invocations: readonly InvocationRecord[];
  /** The specs this host runs, for an endpoint that resolves names and ARNs the way the host does. */
  readonly functions: readonly FunctionSpec[];
  /** Whether the value names a function of this host (name, ARN, qualified ARN). */
  has(functionArnOrName: string): boolean;
}

/** Node runtimes this host can start: the project's node must be the same major version. */
function checkRuntime(spec: FunctionSpec): void {
  const match = /^nodejs(\d+)\.x$/.exec(spec.runtime);
  if (!match) throw new Error(`${spec.functionName}: runtime ${spec.runtime} is not a Node.js runtime; this host runs only Node functions`);
  const major = process.versions.node.split('.')[0];
  if (match[1] !== major) {
    throw new Error(`${spec.functionName}: runtime ${spec.runtime} needs Node ${match[1]}, but the host runs Node ${process.versions.node} (${process.execPath}); run through the project's node`);
  }
}

/** A folder above the asset with node_modules would let the asset resolve packages Lambda would not have. */
function hasNodeModulesAbove(folder: string): boolean {
  for (let current = path.dirname(folder); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'node_modules'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

interface FunctionPool {
  environments: ExecutionEnvironment[];
  waiting: (() => void)[];
}

/**
 * Runs each function as Lambda does: an execution environment (a Node process) per concurrent invocation,
 * cold on first use, warm after, discarded after a timeout, init error or crash.
 */
export function createLambdaHost(options: LambdaHostOptions): LocalLambdaHost {
  const folders = createRuntimeFolders();
  const echoLogs = options.echoLogs ?? process.env.DEPLOYED_TIER_LOGS === '1';
  const concurrency = options.concurrencyPerFunction ?? 10;
  const pools = new Map<string, FunctionPool>();
  const taskRoots = new Map<string, string>();
  const copiedTaskRoots: string[] = [];
  const invocations: InvocationRecord[] = [];
  let stopped = false;

  const poolOf = (spec: FunctionSpec) => {
    let pool = pools.get(spec.functionName);
    if (!pool) pools.set(spec.functionName, (pool = { environments: [], waiting: [] }));
    return pool;
  };

  // Lambda unpacks the asset in /var/task with nothing above it; a copy gives the same when the asset sits inside a project.
  const taskRootOf = (spec: FunctionSpec) => {
    let root = taskRoots.get(spec.assetDir);
    if (!root) {
      root = spec.assetDir;
      if (hasNodeModulesAbove(spec.assetDir)) {
        root = path.join(mkdtempSync(path.join(tmpdir(), 'lambda-task-')), 'task');
        cpSync(spec.assetDir, root, { recursive: true });
        copiedTaskRoots.push(path.dirname(root));
      }
      taskRoots.set(spec.assetDir, root);
    }
    return root;
  };

  const echoFor = (spec: FunctionSpec) => (text: string) => {
    if (!echoLogs || !text) return;
    const prefix = `[${spec.functionName}] `;
    process.stderr.write(text.replace(/\n$/, '').split('\n').map((line) => prefix + line).join('\n') + '\n');
  };

  const acquire = async (spec: FunctionSpec, pool: FunctionPool): Promise<ExecutionEnvironment> => {
    for (;;) {
      if (stopped) throw new Error('the Lambda host is stopped');
      pool.environments = pool.environments.filter((environment) => environment.state !== 'dead');
      const idle = pool.environments.find((environment) => environment.state === 'idle');
      if (idle) {
        idle.claim();
        return idle;
      }
      if (pool.environments.length < concurrency) {
        const taskRoot = taskRootOf(spec);
        const environment = lambdaEnvironment({ spec, taskRoot, credentials: options.credentialsFor(spec), endpoints: options.endpoints, region: options.region, folders });
        const created = new ExecutionEnvironment(spec, environment, taskRoot, echoFor(spec));
        pool.environments.push(created);
        return created;
      }
      await new Promise<void>((resolve) => pool.waiting.push(resolve));
    }
  };

  const release = (pool: FunctionPool) => pool.waiting.shift()?.();

  const has = (value: string) => findFunction(options.functions, value) !== undefined;

  return {
    invocations,
    functions: options.functions,
    has,
    async invoke(functionArnOrName: string, event: unknown): Promise<InvocationResult> {
      const found = findFunction(options.functions, functionArnOrName);
      if (!found) throw new Error(`Function not found: ${functionArnOrName} (known: ${options.functions.map((spec) => spec.functionName).join(', ')})`);
      const { spec, reference } = found;
      checkRuntime(spec);
      const pool = poolOf(spec);
      const environment = await acquire(spec, pool);
      const cold = environment.state === 'new';
      try {
        const outcome = await environment.invoke(event, invokedFunctionArn(spec, reference));
        invocations.push({
          function: spec.functionName,
          cold,
          durationMs: outcome.durationMs,
          ok: outcome.result.ok,
          requestId: outcome.requestId,
          initDurationMs: outcome.init?.durationMs,
          importDurationMs: outcome.init?.importDurationMs,
          errorType: outcome.result.ok ? undefined : outcome.result.error.errorType,
        });
        return outcome.result;
      } finally {
        release(pool);
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      const gone: Promise<void>[] = [];
      for (const pool of pools.values()) {
        for (const environment of pool.environments) gone.push(environment.kill());
        for (const wake of pool.waiting.splice(0)) wake();
      }
      await Promise.all(gone);
      folders.remove();
      for (const folder of copiedTaskRoots) rmSync(folder, { recursive: true, force: true });
    },
  };
}
