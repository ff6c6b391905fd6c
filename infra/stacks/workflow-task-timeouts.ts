/**
 * How long a workflow step's Lambda may run, derived from the ASL: each Task's TimeoutSeconds is the one
 * number for its step, and the function gets that less a margin. So Step Functions never stops waiting for
 * an invocation that is still running (States.Timeout, then a retry that would run the step twice at once);
 * when a step is too slow, Lambda stops it first and Step Functions sees Sandbox.Timedout.
 */

/** Lambda's cold start (its init phase may take up to 10 s) and the invoke's round trip, with room to spare. */
export const taskTimeoutMarginSeconds = 20;

interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
  Branches?: { States: Record<string, AslState> }[];
}

export interface AslTask {
  state: string;
  /** `ValidateFunctionArn` for `"Resource": "${ValidateFunctionArn}"`. */
  placeholder: string;
  timeoutSeconds: number;
}

/** Every Task of a definition, inside Map and Parallel states too; each must name its TimeoutSeconds. */
export function aslTasks(definition: { States: Record<string, AslState> }): AslTask[] {
  return Object.entries(definition.States).flatMap(([state, s]): AslTask[] => {
    const nested = [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])].filter((m) => m !== undefined).flatMap((m) => aslTasks(m));
    if (s.Type !== 'Task') return nested;
    const placeholder = /^\$\{([A-Za-z0-9_]+)\}$/.exec(s.Resource ?? '')?.[1];
    if (!placeholder) throw new Error(`Task ${state} names no \${Placeholder} resource`);
    if (typeof s.TimeoutSeconds !== 'number') throw new Error(`Task ${state} has no TimeoutSeconds: its function's timeout is derived from it`);
    if (s.TimeoutSeconds <= taskTimeoutMarginSeconds) throw new Error(`Task ${state}: TimeoutSeconds ${s.TimeoutSeconds} leaves its function no time`);
    return [{ state, placeholder, timeoutSeconds: s.TimeoutSeconds }, ...nested];
  });
}

/** Each placeholder's function timeout: the shortest TimeoutSeconds of the Tasks that invoke it, less the margin. */
export function stepFunctionTimeouts(definition: { States: Record<string, AslState> }): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const task of aslTasks(definition)) {
    const seconds = task.timeoutSeconds - taskTimeoutMarginSeconds;
    timeouts[task.placeholder] = Math.min(timeouts[task.placeholder] ?? seconds, seconds);
  }
  return timeouts;
}
