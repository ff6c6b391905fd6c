import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine, type RunOptions } from 'aws-local-stepfunctions';
import type { Authorizer, Principal } from '../contracts';
import { ExecutionHistory } from './sfn-execution-history';
import { recordEventLog } from './sfn-event-log';
import { lambdaTaskHandler, PendingAttempts, recordTaskTimeout, type InvokeFunction, type LambdaTaskContext } from './sfn-lambda-task';
import { allStates, taskTargets, withoutLibraryTaskTimeoutDefault, type AslMachine, type TaskTarget } from './sfn-task-states';

/**
 * One execution run by aws-local-stepfunctions, its event log turned into Step Functions' history
 * (ExecutionStarted, <Type>StateEntered/Exited, Map/Parallel events, ExecutionSucceeded/Failed/TimedOut/Aborted);
 * the Lambda attempt events come from the task handlers (sfn-lambda-task.ts).
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionOutcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
}

/** A state machine ready to run: parsed once, validated by the library as CreateStateMachine validates. */
export interface PreparedStateMachine {
  name: string;
  arn: string;
  roleArn: string;
  definition: AslMachine;
  machine: StateMachine;
  targets: Map<string, TaskTarget>;
}

export interface RunTimeOptions {
  /** Test-time acceleration: every Wait state with `Seconds` pauses Seconds × scale (SecondsPath and Timestamp waits are not scaled). */
  waitTimeScale?: number;
  /** Test-time acceleration: every Retry pauses this many ms instead of IntervalSeconds × BackoffRate^n (with jitter). */
  retryIntervalMs?: number;
}

export function prepareStateMachine(spec: { name: string; arn: string; roleArn: string; definition: string }): PreparedStateMachine {
  const definition = JSON.parse(spec.definition) as AslMachine;
  const targets = taskTargets(definition, spec.name);
  const machine = new StateMachine(withoutLibraryTaskTimeoutDefault(definition) as never, { validationOptions: { checkArn: true, checkPaths: true } });
  return { ...spec, definition, machine, targets };
}

export interface StartedRun {
  history: ExecutionHistory;
  outcome: Promise<ExecutionOutcome>;
  abort(): void;
}

export function runExecution(
  prepared: PreparedStateMachine,
  execution: { executionArn: string; name: string; input: unknown; startedAt: Date },
  dependencies: { invoke: InvokeFunction; authorizer: Authorizer },
  options: RunTimeOptions,
): StartedRun {
  const history = new ExecutionHistory();
  const principal: Principal = { roleArn: prepared.roleArn, arn: prepared.roleArn, sessionTags: {}, label: `state machine ${prepared.name}` };
  const taskContext: LambdaTaskContext = { history, attempts: new PendingAttempts(), principal, authorizer: dependencies.authorizer, invoke: dependencies.invoke };
  const taskResourceLocalHandlers = Object.fromEntries([...prepared.targets].map(([state, target]) => [state, lambdaTaskHandler(target, taskContext)]));
  const overrides = { taskResourceLocalHandlers, ...timeOverrides(prepared.definition, options) } as unknown as RunOptions['overrides'];

  const run = prepared.machine.run(execution.input as never, {
    overrides,
    context: {
      Execution: { Id: execution.executionArn, Name: execution.name, RoleArn: prepared.roleArn },
      StateMachine: { Id: prepared.arn, Name: prepared.name },
    },
  });
  const logging = recordEventLog(run.eventLogs, history, taskContext, prepared);
  const outcome = run.result.then(
    async (output): Promise<ExecutionOutcome> => {
      await logging;
      return { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) };
    },
    async (error: unknown): Promise<ExecutionOutcome> => {
      await logging.catch(() => undefined);
      if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out.' };
      if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
      if (error instanceof ExecutionError) {
        // ExecutionError wraps the state's error: its name is the ASL Error, its message the Cause.
        const inner = (error as Error & { cause?: unknown }).cause;
        if (inner instanceof Error) return { status: 'FAILED', error: inner.name, cause: inner.message };
      }
      return { status: 'FAILED', error: 'States.Runtime', cause: (error as Error).stack ?? String(error) };
    },
  );
  return { history, outcome, abort: run.abort };
}

function timeOverrides(definition: AslMachine, options: RunTimeOptions): Pick<NonNullable<RunOptions['overrides']>, 'waitTimeOverrides' | 'retryIntervalOverrides'> {
  const states = allStates(definition);
  const overrides: Pick<NonNullable<RunOptions['overrides']>, 'waitTimeOverrides' | 'retryIntervalOverrides'> = {};
  if (options.waitTimeScale !== undefined) {
    const scale = options.waitTimeScale;
    overrides.waitTimeOverrides = Object.fromEntries(
      states.filter(([, s]) => s.Type === 'Wait' && typeof s.Seconds === 'number').map(([name, s]) => [name, Math.round(s.Seconds! * 1000 * scale)]),
    );
  }
  if (options.retryIntervalMs !== undefined) {
    overrides.retryIntervalOverrides = Object.fromEntries(states.filter(([, s]) => s.Retry).map(([name]) => [name, options.retryIntervalMs!]));
  }
  return overrides;
}
