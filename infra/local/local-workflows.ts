import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrateAllTasks, type MigrateAllPlaceholder } from '../../functions/workflow/migrate-all-tasks';
import { provisionOrchestraTasks, type ProvisionOrchestraPlaceholder } from '../../functions/workflow/provision-orchestra-tasks';
import { runWorkflowStep, type WorkflowStep } from '../../functions/workflow/workflow-step';
import { createPgDatabase } from '../../shared/adapters/local/pg-database';
import { summarizeSteps, type StepEvent } from '../../shared/domain/workflow-progress';
import type { Database } from '../../shared/ports/database';
import type { DatabaseCredentials } from '../../shared/ports/secrets';
import type { MigrateAllInput, WorkflowExecution, Workflows } from '../../shared/ports/workflows';
import type { WorkflowRuntime } from '../../shared/runtime/workflow-runtime';
import { localSecretNames } from './local-config';
import type { LocalRuntime } from './local-runtime';
import { readWorkflowDefinition, runLocalWorkflow, type LocalExecutionResult, type RunWorkflowOptions, type TaskHandler } from './workflow-runner';

/**
 * The Workflows port on one machine: the ASL files run in this process by aws-local-stepfunctions,
 * each Task served by the same step function its Lambda runs, over the local runtime.
 */

/**
 * A step's runtime over the local one. Orchestra databases are opened afresh from the orchestra's secret
 * for each step and closed after it: provisioning renews the login's password, and a pooled connection
 * from before a rollback would point at a dropped database.
 */
export function localStepRuntime(runtime: LocalRuntime, secretPrefix: string): { deps: WorkflowRuntime; close(): Promise<void> } {
  const opened: Database[] = [];
  const deps: WorkflowRuntime = {
    config: runtime.config,
    clock: runtime.clock,
    control: runtime.control,
    admin: runtime.admin,
    secrets: runtime.secrets,
    async orchestraDatabase(orchestra) {
      const c = await runtime.secrets.get<DatabaseCredentials>(orchestra.secretRef);
      const db = createPgDatabase({ host: runtime.server.host, port: runtime.server.port, user: c.username, password: c.password, database: c.dbname, max: 2 });
      opened.push(db);
      return db;
    },
    orchestraSecretPrefix: secretPrefix,
    databaseServer: { host: runtime.server.host, port: runtime.server.port },
    files: runtime.files,
  };
  return {
    deps,
    async close() {
      for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    },
  };
}

/** Builds the runtime of one step invocation; closed when the step ends. */
export type StepRuntimeFactory = () => { deps: WorkflowRuntime; close(): Promise<void> };

export interface LocalWorkflowOptions {
  secretPrefix?: string;
  /** Replaces the default step runtime (tests run the steps through the Data API adapter this way). */
  stepRuntime?: StepRuntimeFactory;
  /** Pause of every Retry in ms (default: as the ASL says). */
  retryIntervalMs?: number;
  /** Lets tests wrap a step (fault injection) without touching the definition. (Method syntax: a test may wrap one workflow's steps only.) */
  wrapStep?(placeholder: ProvisionOrchestraPlaceholder | MigrateAllPlaceholder, step: WorkflowStep): WorkflowStep;
}

export function provisioningHandlers(runtime: LocalRuntime, options: LocalWorkflowOptions = {}): Record<string, TaskHandler> {
  return localTaskHandlers(runtime, provisionOrchestraTasks, options);
}

export function migrateAllHandlers(runtime: LocalRuntime, options: LocalWorkflowOptions = {}): Record<string, TaskHandler> {
  return localTaskHandlers(runtime, migrateAllTasks, options);
}

/** Each placeholder of a workflow → its step, run over a fresh step runtime per invocation. */
function localTaskHandlers(
  runtime: LocalRuntime,
  tasks: Record<string, { step: WorkflowStep }>,
  options: LocalWorkflowOptions,
): Record<string, TaskHandler> {
  const secretPrefix = options.secretPrefix ?? localSecretNames.orchestraPrefix;
  const stepRuntime = options.stepRuntime ?? (() => localStepRuntime(runtime, secretPrefix));
  return Object.fromEntries(
    Object.entries(tasks).map(([placeholder, { step }]) => {
      const run = options.wrapStep ? options.wrapStep(placeholder as ProvisionOrchestraPlaceholder | MigrateAllPlaceholder, step) : step;
      const handler: TaskHandler = async (input) => {
        const { deps, close } = stepRuntime();
        try {
          return await runWorkflowStep(run, input, deps);
        } finally {
          await close();
        }
      };
      return [placeholder, handler];
    }),
  );
}

/** Runs the provisioning workflow to its end (the local twin's bootstrap and the tests). */
export function runProvisioning(runtime: LocalRuntime, input: unknown, options: LocalWorkflowOptions & { onEvent?: (e: StepEvent) => void } = {}): Promise<LocalExecutionResult> {
  return runLocalWorkflow(readWorkflowDefinition('provision-orchestra'), input, {
    handlers: provisioningHandlers(runtime, options),
    retryIntervalMs: options.retryIntervalMs,
    onEvent: options.onEvent,
  });
}

/** Runs the migrate-all workflow to its end (tests; the local Workflows adapter runs it in the background). */
export function runMigrateAll(
  runtime: LocalRuntime,
  input: MigrateAllInput,
  options: LocalWorkflowOptions & Pick<RunWorkflowOptions, 'onEvent' | 'onStateExited'> = {},
): Promise<LocalExecutionResult> {
  return runLocalWorkflow(readWorkflowDefinition('migrate-all'), input, {
    handlers: migrateAllHandlers(runtime, options),
    retryIntervalMs: options.retryIntervalMs,
    onEvent: options.onEvent,
    onStateExited: options.onStateExited,
  });
}

interface LocalExecution {
  executionId: string;
  startedAt: string;
  finishedAt?: string;
  events: StepEvent[];
  result?: LocalExecutionResult;
  done: Promise<void>;
}

export type LocalWorkflows = Workflows & {
  /** Resolves when the execution has ended (tests, shutdown). */
  settled(executionId: string): Promise<void>;
};

/** What is kept of an execution on disk, so a restarted twin can still tell what became of it. */
interface StoredExecution {
  executionId: string;
  startedAt: string;
  finishedAt?: string;
  events: StepEvent[];
  result?: Omit<LocalExecutionResult, 'events' | 'output'>;
}

/**
 * Executions are kept in DATA_DIR/workflow-executions, one file each, rewritten as they go. An execution in
 * a file but not in this process's memory was cut off by a stop of the twin: it is reported as failed in
 * the state it was running, as Step Functions reports an execution that was aborted.
 */
function executionStore(directory: string) {
  const fileOf = (executionId: string) => join(directory, `${createHash('sha256').update(executionId).digest('hex').slice(0, 32)}.json`);
  const writes = new Map<string, Promise<void>>();
  return {
    /** Writes are chained per execution, so an older state never overwrites a newer one. */
    save(execution: StoredExecution): Promise<void> {
      const text = JSON.stringify(execution);
      const previous = writes.get(execution.executionId) ?? mkdir(directory, { recursive: true }).then(() => undefined);
      const next = previous.then(async () => {
        const file = fileOf(execution.executionId);
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
      });
      writes.set(execution.executionId, next.catch(() => undefined));
      return next;
    },
    async load(executionId: string): Promise<StoredExecution | null> {
      try {
        const stored = JSON.parse(await readFile(fileOf(executionId), 'utf8')) as StoredExecution;
        return stored.executionId === executionId ? stored : null;
      } catch {
        return null;
      }
    },
  };
}

/** An execution this process did not run and that never ended: the twin stopped while it ran. */
function interrupted(stored: StoredExecution, now: Date): WorkflowExecution {
  const steps = summarizeSteps(stored.events);
  const running = steps.filter((s) => s.status === 'running');
  const cause = `The local twin stopped while this execution ran${running.length ? ` (in ${running.map((s) => s.step).join(', ')})` : ''}.`;
  for (const step of running) Object.assign(step, { status: 'failed', finishedAt: now.toISOString(), error: 'Interrupted', cause });
  return { executionId: stored.executionId, status: 'FAILED', startedAt: stored.startedAt, finishedAt: now.toISOString(), steps, error: 'Interrupted', cause };
}

/**
 * The local adapter of the Workflows port: executions run in the background in this process, their events
 * kept in memory and on disk (executionStore), so a restart leaves a trace of what it cut off.
 */
export function createLocalWorkflows(runtime: LocalRuntime, options: LocalWorkflowOptions = {}): LocalWorkflows {
  const executions = new Map<string, LocalExecution>();
  const store = executionStore(join(runtime.dataDir, 'workflow-executions'));
  const stored = (e: LocalExecution): StoredExecution => ({
    executionId: e.executionId,
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
    events: e.events,
    result: e.result && { status: e.result.status, error: e.result.error, cause: e.result.cause },
  });
  const start = async (executionId: string, run: (onEvent: (e: StepEvent) => void) => Promise<LocalExecutionResult>) => {
    if (executions.has(executionId) || (await store.load(executionId))) throw new Error(`an execution ${executionId} exists already`);
    const execution: LocalExecution = { executionId, startedAt: runtime.clock.now().toISOString(), events: [], done: Promise.resolve() };
    executions.set(executionId, execution);
    await store.save(stored(execution));
    const finish = (result: LocalExecutionResult) => {
      execution.result = result;
      execution.finishedAt = runtime.clock.now().toISOString();
      return store.save(stored(execution)).catch(() => undefined);
    };
    execution.done = run((e) => {
      execution.events.push(e);
      void store.save(stored(execution)).catch(() => undefined);
    }).then(finish, (error: unknown) =>
      finish({ status: 'FAILED', error: 'States.Runtime', cause: (error as Error).message, events: execution.events }),
    );
    return { executionId };
  };
  const provisioningExecutionId = (name: string) => `local:provision-orchestra:${name}`;
  return {
    orchestraSecretPrefix: options.secretPrefix ?? localSecretNames.orchestraPrefix,
    provisioningExecutionId,
    async startProvisioning(input, startOptions) {
      const name = startOptions?.executionName ?? `${'rollBack' in input ? input.rollBack.orchestraId : input.subdomain}:${randomUUID()}`;
      return start(provisioningExecutionId(name), (onEvent) => runProvisioning(runtime, input, { ...options, onEvent }));
    },
    async startMigrateAll(input) {
      return start(`local:migrate-all:${input.runId}`, (onEvent) => runMigrateAll(runtime, input, { ...options, onEvent }));
    },
    async describe(executionId): Promise<WorkflowExecution | null> {
      const execution = executions.get(executionId);
      if (!execution) {
        const before = await store.load(executionId);
        if (!before) return null;
        if (!before.result) return interrupted(before, runtime.clock.now());
        return {
          executionId,
          status: before.result.status,
          startedAt: before.startedAt,
          finishedAt: before.finishedAt,
          steps: summarizeSteps(before.events),
          error: before.result.error,
          cause: before.result.cause,
        };
      }
      return {
        executionId,
        status: execution.result?.status ?? 'RUNNING',
        startedAt: execution.startedAt,
        finishedAt: execution.finishedAt,
        steps: summarizeSteps(execution.events),
        error: execution.result?.error,
        cause: execution.result?.cause,
      };
    },
    async settled(executionId) {
      await executions.get(executionId)?.done;
    },
  };
}
