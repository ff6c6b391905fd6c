import type { MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors';

/**
 * Parses JSON bodies with middy's parser, but only when there is a body (GET and DELETE have none),
 * and turns its malformed-JSON error into a plain 400.
 */
export function jsonBody(): MiddlewareObj<APIGatewayProxyEventV2> {
  const parser = httpJsonBodyParser();
  return {
    before: async (request) => {
      const { body } = request.event;
      if (body === undefined || body === null || body === '') return;
      try {
        await parser.before!(request as never);
      } catch (error) {
        const message = (error as Error).message;
        if (message === 'Unsupported Media Type') {
          throw new AppError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
        }
        throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
      }
    },
  };
}
