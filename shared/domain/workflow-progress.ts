import type { WorkflowStepProgress } from '../ports/workflows';

/**
 * One event of a workflow execution, in the shape both sources are reduced to: the local runner's event
 * log and (in AWS) GetExecutionHistory's TaskStateEntered / TaskSucceeded / TaskFailed … events.
 */
export interface StepEvent {
  state: string;
  /** Only Task states are steps; Pass, Choice and Fail states are wiring. */
  stateType: string;
  type: 'entered' | 'succeeded' | 'failed' | 'retried' | 'caught';
  /** ISO 8601 */
  at: string;
  error?: string;
  cause?: string;
  /** Inside a Map state: the iteration (item index) this event belongs to. */
  iteration?: number;
}

/**
 * The steps in the order they started: a step's last attempt decides its status. Inside a Map each
 * iteration is a step of its own (same state, its `iteration`), so parallel items never mix their attempts.
 */
export function summarizeSteps(events: StepEvent[]): WorkflowStepProgress[] {
  const steps = new Map<string, WorkflowStepProgress>();
  // A caught failure still "exits" the state (into its Catch target): that exit is no success.
  const caught = new Set<string>();
  for (const event of events) {
    if (event.stateType !== 'Task') continue;
    const key = event.iteration === undefined ? event.state : `${event.state}#${event.iteration}`;
    let step = steps.get(key);
    if (event.type === 'entered') {
      caught.delete(key);
      if (!step) {
        step = { step: event.state, status: 'running', startedAt: event.at, attempts: 1, ...(event.iteration === undefined ? {} : { iteration: event.iteration }) };
        steps.set(key, step);
      } else {
        // Entering again after a Retry: a new attempt.
        step.status = 'running';
        step.finishedAt = undefined;
      }
      continue;
    }
    if (!step) continue;
    if (event.type === 'caught') {
      caught.add(key);
      step.status = 'failed';
    } else if (event.type === 'succeeded') {
      if (caught.has(key)) continue;
      step.status = 'succeeded';
      step.finishedAt = event.at;
      step.error = undefined;
      step.cause = undefined;
    } else if (event.type === 'failed') {
      step.status = 'failed';
      step.finishedAt = event.at;
      step.error = event.error;
      step.cause = event.cause;
    } else if (event.type === 'retried') {
      step.attempts += 1;
      step.status = 'running';
    }
  }
  return [...steps.values()];
}
