import { SqlError } from '../../ports/database';

/**
 * Errors as a workflow sees them. Step Functions matches `Retry` and `Catch` on the error's name (the
 * Lambda's errorType), so a step throws `TransientError` for what may pass by itself and anything else
 * for what will not; the ASL retries only the former and compensates for both once retries run out.
 */
export class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

/** A failure that no retry can mend (bad input, an orchestra in the wrong state). */
export class PermanentStepError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * SQLSTATEs that describe the moment, not the request: resuming, conflicts between transactions, too many
 * connections, and 42P04/42710 (database/role already exists): another run of the same idempotent step
 * created it between our check and our CREATE, and the retry finds it there.
 */
const transientSqlStates = new Set(['57P03', '40001', '40P01', '53300', '55P03', '42P04', '42710']);
const transientNetworkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);
const transientAwsNames = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServiceError',
  'InternalServerErrorException',
  'DatabaseResumingException',
  'RequestTimeout',
  'TimeoutError',
]);

export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (error instanceof SqlError) return !!error.code && (transientSqlStates.has(error.code) || error.code.startsWith('08'));
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && transientNetworkCodes.has(code)) return true;
  if (transientAwsNames.has(error.name)) return true;
  const aws = error as { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (aws.$retryable || (aws.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // pg reports a dropped connection as a plain Error.
  return /Connection terminated|connection timeout|timeout expired/i.test(error.message);
}

/** What a step throws to the workflow: transient faults renamed TransientError, the rest as they are. */
export function toWorkflowError(error: unknown): Error {
  if (error instanceof TransientError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isTransient(error)) return new TransientError(message);
  return error instanceof Error ? error : new Error(message);
}

/**
 * The cause of a caught error as Step Functions hands it over: for a Lambda, `Cause` is a JSON string
 * `{"errorType","errorMessage","trace"}`; locally it is the message itself. Kept short for the registry.
 */
export function describeCaughtError(caught: { Error?: string; Cause?: string } | undefined): string {
  const name = caught?.Error ?? 'Error';
  let message = caught?.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (parsed && typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // not JSON: the message as it came
  }
  const text = message ? `${name}: ${message}` : name;
  return text.length > 1000 ? `${text.slice(0, 997)}…` : text;
}
