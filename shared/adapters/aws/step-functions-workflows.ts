import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { summarizeSteps, type StepEvent } from '../../domain/workflow-progress';
import type { WorkflowExecution, Workflows } from '../../ports/workflows';

/**
 * The Workflows port over AWS Step Functions. Progress comes from the execution history, reduced to the
 * same step events the local runner records, so both show a step's attempts, times and failure alike.
 */
export interface StepFunctionsWorkflowsOptions {
  client: SFNClient;
  provisioningStateMachineArn: string;
  /** The migrate-all state machine; starting a run without it is a configuration error. */
  migrateAllStateMachineArn?: string;
  /** Secrets Manager name prefix of orchestra secrets (the provisioning workflow's convention). */
  orchestraSecretPrefix?: string;
  now?: () => Date;
}

/** Execution names: letters, digits, `-` and `_`, at most 80 characters, unique per state machine. */
function executionName(subdomain: string, now: Date): string {
  return `provision-${subdomain}-${now.getTime()}`.slice(0, 80);
}

/**
 * History events → step events. A direct Lambda Task reports each attempt as LambdaFunction* events. In a
 * Map, iterations run side by side and their events interleave, so "the last state entered" names the wrong
 * state (and orchestra); each event is instead traced back along its previousEventId chain to the state
 * entry it belongs to, and that entry to its Map iteration.
 */
export function stepEventsFromHistory(history: HistoryEvent[]): StepEvent[] {
  const events: StepEvent[] = [];
  /** event id → the id of the *StateEntered event it belongs to (itself for an entry). */
  const entryOf = new Map<number, number>();
  /** event id → the Map iteration it runs in (MapIterationStarted's index), inherited along the chain. */
  const iterationOf = new Map<number, number>();
  const entries = new Map<number, { state: string; iteration?: number }>();
  const attempts = new Map<number, number>();
  for (const event of history) {
    const id = event.id ?? 0;
    const previous = event.previousEventId ?? 0;
    const at = (event.timestamp ?? new Date(0)).toISOString();
    const type = event.type ?? '';
    if (type === 'MapIterationStarted') {
      iterationOf.set(id, event.mapIterationStartedEventDetails?.index ?? 0);
    } else if (iterationOf.has(previous) && type !== 'MapIterationSucceeded' && type !== 'MapIterationFailed' && type !== 'MapIterationAborted') {
      iterationOf.set(id, iterationOf.get(previous)!);
    }
    const iteration = iterationOf.get(id);
    const inIteration = iteration === undefined ? {} : { iteration };
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name) {
      const state = event.stateEnteredEventDetails.name;
      entryOf.set(id, id);
      entries.set(id, { state, iteration });
      events.push({ state, stateType: type.replace(/StateEntered$/, ''), type: 'entered', at, ...inIteration });
      continue;
    }
    const entryId = entryOf.get(previous);
    if (entryId === undefined) continue;
    // A state's exit ends its chain: what follows belongs to the next entry.
    if (!type.endsWith('StateExited')) entryOf.set(id, entryId);
    const { state } = entries.get(entryId)!;
    if (type === 'LambdaFunctionScheduled' || type === 'TaskScheduled') {
      const n = (attempts.get(entryId) ?? 0) + 1;
      attempts.set(entryId, n);
      if (n > 1) events.push({ state, stateType: 'Task', type: 'retried', at, ...inIteration });
    } else if (type === 'LambdaFunctionSucceeded' || type === 'TaskSucceeded') {
      events.push({ state, stateType: 'Task', type: 'succeeded', at, ...inIteration });
    } else {
      const failure =
        event.lambdaFunctionFailedEventDetails ??
        event.lambdaFunctionTimedOutEventDetails ??
        event.lambdaFunctionStartFailedEventDetails ??
        event.lambdaFunctionScheduleFailedEventDetails ??
        event.taskFailedEventDetails ??
        event.taskTimedOutEventDetails ??
        event.taskStartFailedEventDetails ??
        event.taskSubmitFailedEventDetails;
      if (failure) {
        const error = failure.error ?? (type.includes('TimedOut') ? 'States.Timeout' : type);
        events.push({ state, stateType: 'Task', type: 'failed', at, error, cause: failure.cause, ...inIteration });
      }
    }
  }
  return events;
}

/** arn:aws:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name>, as Step Functions names it. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[5] !== 'stateMachine') throw new Error(`${stateMachineArn} is not a state machine ARN`);
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}

function isUnknownExecution(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'ExecutionDoesNotExist' || name === 'InvalidArn';
}

export function createStepFunctionsWorkflows(options: StepFunctionsWorkflowsOptions): Workflows {
  const { client } = options;
  const now = options.now ?? (() => new Date());
  return {
    async startProvisioning(input, start) {
      const result = await client.send(
        new StartExecutionCommand({
          stateMachineArn: options.provisioningStateMachineArn,
          name: start?.executionName ?? executionName('rollBack' in input ? input.rollBack.orchestraId : input.subdomain, now()),
          input: JSON.stringify(input),
        }),
      );
      if (!result.executionArn) throw new Error('Step Functions started no execution');
      return { executionId: result.executionArn };
    },

    provisioningExecutionId(name) {
      return executionArnOf(options.provisioningStateMachineArn, name);
    },

    async startMigrateAll(input) {
      if (!options.migrateAllStateMachineArn) throw new Error('the migrate-all state machine is not configured');
      const result = await client.send(
        new StartExecutionCommand({
          stateMachineArn: options.migrateAllStateMachineArn,
          // The run id makes the name unique and ties the execution to its report row.
          name: `migrate-all-${input.runId}`.slice(0, 80),
          input: JSON.stringify(input),
        }),
      );
      if (!result.executionArn) throw new Error('Step Functions started no execution');
      return { executionId: result.executionArn };
    },

    get orchestraSecretPrefix(): string {
      if (!options.orchestraSecretPrefix) throw new Error('the orchestra secret prefix is not configured');
      return options.orchestraSecretPrefix;
    },

    async describe(executionId): Promise<WorkflowExecution | null> {
      let description;
      try {
        description = await client.send(new DescribeExecutionCommand({ executionArn: executionId }));
      } catch (error) {
        if (isUnknownExecution(error)) return null;
        throw error;
      }
      const history: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new GetExecutionHistoryCommand({ executionArn: executionId, maxResults: 1000, nextToken }));
        history.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const status = description.status === 'SUCCEEDED' ? 'SUCCEEDED' : description.status === 'RUNNING' || description.status === 'PENDING_REDRIVE' ? 'RUNNING' : 'FAILED';
      return {
        executionId,
        status,
        startedAt: (description.startDate ?? now()).toISOString(),
        finishedAt: description.stopDate?.toISOString(),
        steps: summarizeSteps(stepEventsFromHistory(history)),
        error: description.error ?? (status === 'FAILED' ? description.status : undefined),
        cause: description.cause,
      };
    },
  };
}
