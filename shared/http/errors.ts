/**
 * Errors a use case may throw; the error handler turns them into JSON responses
 * `{ "error": { "code", "message", "fields"? } }`. Anything else becomes a 500 without internals.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, fields?: FieldError[]) => new AppError(400, 'bad_request', message, fields);
export const validationFailed = (fields: FieldError[]) =>
  new AppError(400, 'validation_failed', `Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
export const unauthorized = (message = 'Log in to continue.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'This session does not belong to this orchestra.') => new AppError(403, 'forbidden', message);
export const notFound = (message = 'Not found.') => new AppError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const unprocessable = (message: string, code = 'unprocessable') => new AppError(422, code, message);
export const locked = (message: string) => new AppError(423, 'suspended', message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, undefined, { 'retry-after': String(retryAfterSeconds) });
