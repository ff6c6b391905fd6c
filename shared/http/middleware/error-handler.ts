import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SqlError, SqlState } from '../../ports/database';
import { AppError } from '../errors';
import type { AppLambdaContext } from './app-state';

/**
 * Last in the chain: known errors become their status with a JSON body; anything else is logged and
 * answered as a 500 that names only the request id — never SQL, stack traces or internals.
 */
export function errorHandler(): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    onError: (request) => {
      const error = request.error;
      const requestId = request.context.awsRequestId;
      if (error instanceof AppError) {
        request.context.app?.ctx.logger?.info('request refused', { status: error.status, code: error.code });
        request.response = jsonResponse(error.status, { error: { code: error.code, message: error.message, fields: error.fields } }, error.headers);
        return;
      }
      if (error instanceof SqlError && error.code === SqlState.cannotConnectNow) {
        request.response = jsonResponse(
          503,
          { error: { code: 'database_starting', message: 'The database is waking up. Try again in a moment.' } },
          { 'retry-after': '10' },
        );
        return;
      }
      const logger = request.context.app?.ctx.logger;
      if (logger) logger.error('unhandled error', error as Error);
      else console.error('unhandled error', error);
      request.response = jsonResponse(500, {
        error: { code: 'internal', message: `Something went wrong on our side. Reference: ${requestId}` },
      });
    },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
