import { randomUUID } from 'node:crypto';
import { AccessDeniedError, type Authorizer, type InvocationResult, type Principal } from '../contracts';
import type { ExecutionHistory } from './sfn-execution-history';
import { lambdaFunctionArn } from './sfn-names';
import type { TaskTarget } from './sfn-task-states';

/**
 * One attempt of a Task that calls Lambda, as Step Functions runs it: the state machine's role must be
 * allowed `lambda:InvokeFunction` on the function, the function's error becomes the state's error
 * (its errorType is the name Retry and Catch match, the error payload as JSON the Cause), and each attempt
 * leaves LambdaFunctionScheduled → Started → Succeeded | Failed in the history (Task* events for the
 * `lambda:invoke` integration).
 */
export type InvokeFunction = (functionArn: string, event: unknown) => Promise<InvocationResult>;

/** An error as the ASL sees it: Retry/Catch match its name; a Catch puts its message in `Cause`. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * The tier itself broke (the invoke callback threw): neither retried nor caught, so the execution fails at
 * once with States.Runtime and the reason, instead of being compensated as if a step had failed.
 */
class TierFailure extends Error {
  override readonly name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

interface Attempt {
  stateName: string;
  target: TaskTarget;
  settled: boolean;
}

/**
 * Attempts still waiting for their function. The library's own timer enforces TimeoutSeconds (so Retry and
 * Catch see its States.Timeout); the history learns of it from the library's StateFailed event.
 */
export class PendingAttempts {
  private readonly pending: Attempt[] = [];

  begin(stateName: string, target: TaskTarget): Attempt {
    const attempt = { stateName, target, settled: false };
    this.pending.push(attempt);
    return attempt;
  }

  settle(attempt: Attempt): boolean {
    if (attempt.settled) return false;
    attempt.settled = true;
    this.pending.splice(this.pending.indexOf(attempt), 1);
    return true;
  }

  /** The oldest unsettled attempt of the state (Map iterations may run one state several times at once). */
  oldest(stateName: string): Attempt | undefined {
    return this.pending.find((attempt) => attempt.stateName === stateName);
  }
}

export interface LambdaTaskContext {
  history: ExecutionHistory;
  attempts: PendingAttempts;
  /** The state machine's role. */
  principal: Principal;
  authorizer: Authorizer;
  invoke: InvokeFunction;
}

const integration = { resourceType: 'lambda', resource: 'invoke' };

/** Records the Task's timeout for the attempt the library just gave up on (called from its StateFailed event). */
export function recordTaskTimeout(context: LambdaTaskContext, stateName: string, timestamp: number): void {
  const attempt = context.attempts.oldest(stateName);
  if (!attempt || !context.attempts.settle(attempt)) return;
  if (attempt.target.kind === 'lambda-function') context.history.add('LambdaFunctionTimedOut', { error: 'States.Timeout' }, timestamp);
  else context.history.add('TaskTimedOut', { ...integration, error: 'States.Timeout' }, timestamp);
}

export function lambdaTaskHandler(target: TaskTarget, context: LambdaTaskContext): (input: unknown) => Promise<unknown> {
  const direct = target.kind === 'lambda-function';
  const { history } = context;
  const failed = (type: 'Failed' | 'StartFailed', error: string, cause: string) =>
    history.add(direct ? `LambdaFunction${type}` : `Task${type}`, direct ? { error, cause } : { ...integration, error, cause });

  return async (input) => {
    // Before any await: a timeout the library enforces must find this attempt.
    const attempt = context.attempts.begin(target.stateName, target);
    // The library logs StateEntered just before calling us and its log is read asynchronously; let the
    // reader catch up so that this attempt's events come after the state's entry in the history.
    await new Promise<void>((resolve) => setImmediate(resolve));

    const parameters = input as { FunctionName?: string; Payload?: unknown };
    const functionArn = direct ? target.functionArn : lambdaFunctionArn(String(parameters.FunctionName ?? ''));
    const event = direct ? input : parameters.Payload;
    const timeout = target.timeoutSeconds !== undefined ? { timeoutInSeconds: target.timeoutSeconds } : {};
    if (direct) history.add('LambdaFunctionScheduled', { resource: functionArn, input: JSON.stringify(input ?? null), inputDetails: { truncated: false }, ...timeout });
    else history.add('TaskScheduled', { ...integration, region: functionArn.split(':')[3], parameters: JSON.stringify(input ?? null), ...timeout });

    try {
      await context.authorizer.authorize({ principal: context.principal, action: 'lambda:InvokeFunction', resource: functionArn, context: {} });
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      // Lambda's 403 as Step Functions reports it (the Java SDK's exception name behind `Lambda.`).
      const cause = `${error.message} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: ${randomUUID()}; Proxy: null)`;
      if (context.attempts.settle(attempt)) failed('StartFailed', 'Lambda.AWSLambdaException', cause);
      throw new TaskError('Lambda.AWSLambdaException', cause);
    }
    history.add(direct ? 'LambdaFunctionStarted' : 'TaskStarted', direct ? undefined : integration);

    let result: InvocationResult;
    try {
      result = await context.invoke(functionArn, event);
    } catch (error) {
      context.attempts.settle(attempt);
      throw new TierFailure(`invoking ${functionArn} failed in the test tier: ${(error as Error).stack ?? String(error)}`);
    }
    // Timed out meanwhile: the library has moved on; whatever the function says now is not heard.
    const heard = context.attempts.settle(attempt);

    if (result.ok) {
      const output = direct ? (result.payload ?? null) : invokeIntegrationOutput(result.payload);
      if (heard) {
        history.add(direct ? 'LambdaFunctionSucceeded' : 'TaskSucceeded', {
          ...(direct ? {} : integration),
          output: JSON.stringify(output),
          outputDetails: { truncated: false },
        });
      }
      return output;
    }
    const { errorType, errorMessage, trace } = result.error;
    const error = errorType || 'Lambda.Unknown';
    // The runtime's error payload, as Step Functions passes it on as the Cause.
    const cause = JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) });
    if (heard) failed('Failed', error, cause);
    throw new TaskError(error, cause);
  };
}

/** What the `lambda:invoke` integration returns: Lambda's Invoke response with the payload parsed. */
function invokeIntegrationOutput(payload: unknown): unknown {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload ?? null,
    SdkHttpMetadata: { HttpHeaders: { 'x-amzn-RequestId': requestId, 'X-Amz-Executed-Version': '$LATEST' }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
