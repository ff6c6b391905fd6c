import type { ExecutionHistory } from './sfn-execution-history';
import type { PreparedStateMachine } from './sfn-execution-run';
import { recordTaskTimeout, type LambdaTaskContext } from './sfn-lambda-task';
import { allStates, type AslMachine } from './sfn-task-states';

/**
 * aws-local-stepfunctions' event log → Step Functions' history events: ExecutionStarted, <Type>StateEntered
 * and <Type>StateExited, Map/Parallel Started/Succeeded/Failed, MapIteration*, Execution
 * Succeeded/Failed/TimedOut/Aborted. (The Lambda attempt events are written by the task handlers.)
 *
 * The library forwards a Map iteration's or Parallel branch's events to the root log asynchronously, so
 * they can arrive after the Map's exit and after the states that follow it. A compound state's exit is
 * therefore held back, with every later event that is not its child's, until its children have ended.
 */
type LibraryEvent = Record<string, any>;

interface Compound {
  type: 'Map' | 'Parallel';
  children: Set<string>;
  /** Children that must end before the state's exit is written (unknown: don't wait). */
  expected?: number;
  ended: number;
  failedChild: boolean;
}

interface HeldExit {
  name: string;
  event: LibraryEvent;
  later: LibraryEvent[];
}

export async function recordEventLog(
  eventLogs: AsyncGenerator<LibraryEvent>,
  history: ExecutionHistory,
  tasks: LambdaTaskContext,
  prepared: PreparedStateMachine,
): Promise<void> {
  const definitions = new Map(allStates(prepared.definition));
  const compounds = new Map<string, Compound>();
  const failedCompound = new Set<string>();
  let held: HeldExit | undefined;
  const json = (value: unknown) => JSON.stringify(value ?? null);

  const parentOf = (event: LibraryEvent): string | undefined => (event.parentState as { name?: string } | undefined)?.name;
  const isChildOf = (name: string, event: LibraryEvent) => parentOf(event) === name || compounds.get(name)?.children.has(event.state?.name);
  const childrenDone = (name: string, failing: boolean) => {
    const compound = compounds.get(name)!;
    if (failing) return compound.failedChild;
    return compound.expected === undefined || compound.ended >= compound.expected;
  };

  const process = (event: LibraryEvent): void => {
    if (held) {
      if (!isChildOf(held.name, event)) {
        held.later.push(event);
        return;
      }
      write(event);
      if (childrenDone(held.name, held.event.type === 'StateFailed')) release();
      return;
    }
    const name = event.state?.name as string | undefined;
    if ((event.type === 'StateExited' || event.type === 'StateFailed') && name && compounds.has(name) && !childrenDone(name, event.type === 'StateFailed')) {
      held = { name, event, later: [] };
      return;
    }
    write(event);
  };

  const release = () => {
    const { event, later } = held!;
    held = undefined;
    write(event);
    for (const next of later) process(next);
  };

  const write = (event: LibraryEvent): void => {
    const at = event.timestamp as number;
    const state = event.state as { name: string; type: string; input: unknown; output?: unknown } | undefined;
    switch (event.type) {
      case 'ExecutionStarted':
        history.add('ExecutionStarted', { input: json(event.input), inputDetails: { truncated: false }, roleArn: prepared.roleArn }, at);
        break;
      case 'ExecutionSucceeded':
        history.add('ExecutionSucceeded', { output: json(event.output), outputDetails: { truncated: false } }, at);
        break;
      case 'ExecutionFailed':
        history.add('ExecutionFailed', { error: String(event.Error), cause: causeText(event.Cause) }, at);
        break;
      case 'ExecutionTimeout':
        history.add('ExecutionTimedOut', { error: 'States.Timeout', cause: 'The execution timed out.' }, at);
        break;
      case 'ExecutionAborted':
        history.add('ExecutionAborted', undefined, at);
        break;
      case 'StateEntered': {
        history.add(`${state!.type}StateEntered`, { name: state!.name, input: json(state!.input), inputDetails: { truncated: false } }, at);
        const definition = definitions.get(state!.name);
        if (state!.type === 'Map' || state!.type === 'Parallel') {
          failedCompound.delete(state!.name);
          const nested = [definition?.ItemProcessor, definition?.Iterator, ...(definition?.Branches ?? [])].filter((m): m is AslMachine => m !== undefined);
          const expected = state!.type === 'Map' ? mapLength(definition, state!.input) : (definition?.Branches?.length ?? undefined);
          compounds.set(state!.name, {
            type: state!.type,
            children: new Set(nested.flatMap((m) => allStates(m).map(([n]) => n))),
            ...(expected !== undefined ? { expected } : {}),
            ended: 0,
            failedChild: false,
          });
          if (state!.type === 'Map') history.add('MapStateStarted', expected === undefined ? undefined : { length: expected }, at);
          else history.add('ParallelStateStarted', undefined, at);
        }
        break;
      }
      case 'StateExited':
        if ((state!.type === 'Map' || state!.type === 'Parallel') && !failedCompound.has(state!.name)) history.add(`${state!.type}StateSucceeded`, undefined, at);
        history.add(`${state!.type}StateExited`, { name: state!.name, output: json(state!.output), outputDetails: { truncated: false } }, at);
        break;
      case 'StateFailed':
        if (state!.type === 'Task' && event.Error === 'States.Timeout') recordTaskTimeout(tasks, state!.name, at);
        if (state!.type === 'Map' || state!.type === 'Parallel') {
          failedCompound.add(state!.name);
          history.add(`${state!.type}StateFailed`, { error: String(event.Error), cause: causeText(event.Cause) }, at);
        }
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        history.add(event.type, { name: parentOf(event), index: event.index }, at);
        countChildEnd(event);
        break;
      case 'ParallelBranchSucceeded':
      case 'ParallelBranchFailed':
        // Step Functions has no per-branch events; the branch's end only releases the Parallel's exit.
        countChildEnd(event);
        break;
      // Retried and Caught have no event of their own in Step Functions: the next attempt's
      // LambdaFunctionScheduled, or the state's exit into the Catch target, shows them.
      default:
        break;
    }
  };

  const countChildEnd = (event: LibraryEvent) => {
    const compound = compounds.get(parentOf(event) ?? '');
    if (!compound || event.type.endsWith('Started')) return;
    compound.ended++;
    if (event.type.endsWith('Failed')) compound.failedChild = true;
  };

  for await (const event of eventLogs) process(event);
  // Children that never ended (aborted by a failing sibling): write what was held back.
  if (held) release();
}

/** MapStateStarted's `length`: the items InputPath then ItemsPath select (plain `$.a.b` paths; else unknown). */
function mapLength(state: { InputPath?: string | null; ItemsPath?: string } | undefined, input: unknown): number | undefined {
  const select = (path: string | null | undefined, value: unknown): unknown => {
    if (path === undefined || path === '$') return value;
    if (path === null || !/^\$(\.[A-Za-z0-9_]+)+$/.test(path)) return undefined;
    return path
      .slice(2)
      .split('.')
      .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
  };
  const items = select(state?.ItemsPath, select(state?.InputPath, input));
  return Array.isArray(items) ? items.length : undefined;
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : JSON.stringify(cause ?? null);
}
