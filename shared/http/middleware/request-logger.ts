import { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appState, type AppLambdaContext } from './app-state';

/** A structured logger per request carrying the request id (the tenancy step adds the orchestra id). */
export function requestLogger(base: Logger): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: (request) => {
      const state = appState(request.context);
      const logger = base.createChild();
      logger.appendKeys({ requestId: request.context.awsRequestId, route: request.event.routeKey });
      state.ctx.logger = logger;
      state.ctx.requestId = request.context.awsRequestId;
    },
  };
}

export function createBaseLogger(serviceName: string, level: string): Logger {
  return new Logger({ serviceName, logLevel: level as 'INFO' });
}
