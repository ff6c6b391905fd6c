import { lambdaFunctionArn } from './sfn-names';

/**
 * The Task states of a definition (also inside Map and Parallel states) and how each reaches Lambda: a
 * function ARN as Resource (the "direct" form the product uses) or the `arn:aws:states:::lambda:invoke`
 * integration with Parameters.FunctionName. Any other resource is refused up front: this tier does not run it.
 */
export type TaskTarget =
  | { kind: 'lambda-function'; stateName: string; functionArn: string; timeoutSeconds?: number }
  | { kind: 'lambda-invoke'; stateName: string; timeoutSeconds?: number };

interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Seconds?: number;
  Retry?: unknown[];
  InputPath?: string | null;
  ItemsPath?: string;
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
  Branches?: AslMachine[];
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}

const lambdaFunctionArnPattern = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const lambdaInvokeIntegration = /^arn:aws:states:::lambda:invoke$/;

/** Every state of the machine with its name, nested machines included. */
export function allStates(machine: AslMachine): [string, AslState][] {
  const found: [string, AslState][] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    found.push([name, state]);
    const nested = [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].filter((m): m is AslMachine => m !== undefined);
    for (const inner of nested) found.push(...allStates(inner));
  }
  return found;
}

export function taskTargets(machine: AslMachine, machineName: string): Map<string, TaskTarget> {
  const targets = new Map<string, TaskTarget>();
  for (const [stateName, state] of allStates(machine)) {
    if (state.Type !== 'Task') continue;
    const resource = state.Resource ?? '';
    const timeout = state.TimeoutSeconds !== undefined ? { timeoutSeconds: state.TimeoutSeconds } : {};
    let target: TaskTarget;
    if (lambdaFunctionArnPattern.test(resource)) target = { kind: 'lambda-function', stateName, functionArn: lambdaFunctionArn(resource), ...timeout };
    else if (lambdaInvokeIntegration.test(resource)) target = { kind: 'lambda-invoke', stateName, ...timeout };
    else throw new Error(`state machine ${machineName}: Task ${stateName} has resource ${resource || '(none)'}, which this tier cannot run`);
    // The library's handlers are keyed by state name: two different Tasks under one name would be confused.
    const known = targets.get(stateName);
    if (known && JSON.stringify(known) !== JSON.stringify(target)) throw new Error(`state machine ${machineName}: two Task states are named ${stateName}`);
    targets.set(stateName, target);
  }
  return targets;
}

/**
 * The library times a Task out after 60 s when it sets no TimeoutSeconds; Step Functions does not (its
 * default is 99999999 s). Give such Tasks the longest timer Node can set instead.
 */
export function withoutLibraryTaskTimeoutDefault(machine: AslMachine): AslMachine {
  const copy = structuredClone(machine);
  for (const [, state] of allStates(copy)) {
    if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = 2_147_483;
  }
  return copy;
}
