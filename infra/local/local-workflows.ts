import { randomUUID } from 'node:crypto';
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

/** The local adapter of the Workflows port: executions run in the background, their events kept in memory. */
export function createLocalWorkflows(runtime: LocalRuntime, options: LocalWorkflowOptions = {}): LocalWorkflows {
  const executions = new Map<string, LocalExecution>();
  const start = (executionId: string, run: (onEvent: (e: StepEvent) => void) => Promise<LocalExecutionResult>) => {
    const execution: LocalExecution = { executionId, startedAt: runtime.clock.now().toISOString(), events: [], done: Promise.resolve() };
    execution.done = run((e) => execution.events.push(e)).then(
      (result) => {
        execution.result = result;
        execution.finishedAt = runtime.clock.now().toISOString();
      },
      (error: unknown) => {
        execution.result = { status: 'FAILED', error: 'States.Runtime', cause: (error as Error).message, events: execution.events };
        execution.finishedAt = runtime.clock.now().toISOString();
      },
    );
    executions.set(executionId, execution);
    return { executionId };
  };
  return {
    orchestraSecretPrefix: options.secretPrefix ?? localSecretNames.orchestraPrefix,
    async startProvisioning(input) {
      return start(`local:provision-orchestra:${input.subdomain}:${randomUUID()}`, (onEvent) => runProvisioning(runtime, input, { ...options, onEvent }));
    },
    async startMigrateAll(input) {
      return start(`local:migrate-all:${input.runId}`, (onEvent) => runMigrateAll(runtime, input, { ...options, onEvent }));
    },
    async describe(executionId): Promise<WorkflowExecution | null> {
      const execution = executions.get(executionId);
      if (!execution) return null;
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
