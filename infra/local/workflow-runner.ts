import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionError, StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { StepEvent } from '../../shared/domain/workflow-progress';

/**
 * Runs a workflow's ASL file (infra/workflows/*.asl.json) on this machine with aws-local-stepfunctions:
 * the very file CDK deploys. Each `${Placeholder}` resource is substituted as CDK's definitionSubstitutions
 * would, with a local ARN, and each Task is served by the local handler registered for its placeholder.
 * Every state's entry, retry and end is recorded with a timestamp, so progress can be shown step by step.
 */
export type { StepEvent };

export type TaskHandler = (input: unknown) => Promise<unknown>;

export interface LocalExecutionResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  events: StepEvent[];
}

const workflowsDirectory = join(import.meta.dirname, '..', 'workflows');

export function readWorkflowDefinition(name: string): StateMachineDefinition {
  return JSON.parse(readFileSync(join(workflowsDirectory, `${name}.asl.json`), 'utf8')) as StateMachineDefinition;
}

/** The placeholders a definition names, e.g. `ValidateFunctionArn`. */
export function workflowPlaceholders(definition: object): string[] {
  return [...new Set([...JSON.stringify(definition).matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))];
}

export function localFunctionArn(placeholder: string): string {
  return `arn:aws:lambda:local:000000000000:function:${placeholder}`;
}

/** Fills every `${Placeholder}` like CDK's definitionSubstitutions does; an unknown one is an error. */
export function substitutePlaceholders(definition: object, values: Record<string, string>): StateMachineDefinition {
  const text = JSON.stringify(definition).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`workflow placeholder \${${name}} has no value`);
    return value;
  });
  return JSON.parse(text) as StateMachineDefinition;
}

interface TaskState {
  Type: string;
  Resource?: string;
  Iterator?: { States: Record<string, TaskState> };
  ItemProcessor?: { States: Record<string, TaskState> };
  Branches?: { States: Record<string, TaskState> }[];
}

/** State name → placeholder of its resource, for every Task (also inside Map and Parallel states). */
function taskPlaceholders(states: Record<string, TaskState>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, state] of Object.entries(states)) {
    const placeholder = state.Resource ? /^\$\{([A-Za-z0-9_]+)\}$/.exec(state.Resource)?.[1] : undefined;
    if (state.Type === 'Task' && placeholder) found.set(name, placeholder);
    const nested = [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].filter((s) => s !== undefined);
    for (const machine of nested) for (const [n, p] of taskPlaceholders(machine.States)) found.set(n, p);
  }
  return found;
}

export interface RunWorkflowOptions {
  /** Task handlers by placeholder name (`ValidateFunctionArn` → fn). Every placeholder needs one. */
  handlers: Record<string, TaskHandler>;
  /** Replaces every Retry pause (ms); tests pass 0 so that retries cost no time. */
  retryIntervalMs?: number;
  /** Called with each step event as it happens (the local Workflows adapter keeps them for describe()). */
  onEvent?: (event: StepEvent) => void;
  /** Called with each state's input and output as it exits (tests measure the execution's state with it). */
  onStateExited?: (state: { name: string; input: unknown; output: unknown }) => void;
}

export async function runLocalWorkflow(definition: StateMachineDefinition, input: unknown, options: RunWorkflowOptions): Promise<LocalExecutionResult> {
  const placeholders = workflowPlaceholders(definition);
  for (const name of placeholders) {
    if (!options.handlers[name]) throw new Error(`no local handler for workflow placeholder \${${name}}`);
  }
  const byState = taskPlaceholders(definition.States as unknown as Record<string, TaskState>);
  const substituted = substitutePlaceholders(definition, Object.fromEntries(placeholders.map((p) => [p, localFunctionArn(p)])));
  const taskResourceLocalHandlers = Object.fromEntries(
    [...byState].map(([state, placeholder]) => [state, (stateInput: unknown) => options.handlers[placeholder](stateInput)]),
  ) as unknown as NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
  const retryIntervalOverrides =
    options.retryIntervalMs === undefined ? undefined : Object.fromEntries([...byState.keys()].map((state) => [state, options.retryIntervalMs!]));

  const machine = new StateMachine(substituted);
  const execution = machine.run(input as never, { overrides: { taskResourceLocalHandlers, retryIntervalOverrides } });
  const events: StepEvent[] = [];
  const record = (event: StepEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const logging = (async () => {
    for await (const log of execution.eventLogs) {
      if (!('state' in log)) continue;
      const at = new Date(log.timestamp).toISOString();
      const base = { state: log.state.name, stateType: log.state.type, at };
      if (log.type === 'StateEntered') record({ ...base, type: 'entered' });
      else if (log.type === 'StateExited') {
        options.onStateExited?.({ name: log.state.name, input: log.state.input, output: log.state.output });
        record({ ...base, type: 'succeeded' });
      }
      else if (log.type === 'StateFailed') record({ ...base, type: 'failed', error: log.Error, cause: String(log.Cause ?? '') });
      else if (log.type === 'StateRetried') record({ ...base, type: 'retried' });
      else if (log.type === 'StateCaught') record({ ...base, type: 'caught' });
    }
  })();
  try {
    const output = await execution.result;
    await logging;
    return { status: 'SUCCEEDED', output, events };
  } catch (error) {
    await logging.catch(() => undefined);
    if (!(error instanceof ExecutionError)) throw error;
    const failure = failureOf(error);
    return { status: 'FAILED', ...failure, events };
  }
}

/** ExecutionError wraps the state's error: its name is the ASL Error, its message the Cause. */
function failureOf(error: ExecutionError): { error: string; cause: string } {
  const inner = (error as Error & { cause?: unknown }).cause;
  if (inner instanceof Error) return { error: inner.name, cause: inner.message };
  return { error: error.name, cause: error.message };
}
