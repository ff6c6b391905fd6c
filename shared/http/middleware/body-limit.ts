import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors';

/** JSON bodies are small; anything larger is refused before parsing (files go to S3 by presigned POST). */
export const maxJsonBodyBytes = 1024 * 1024;

export function bodyLimit(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: ({ event }) => {
      if (!event.body) return;
      const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
      if (bytes > maxJsonBodyBytes) {
        throw new AppError(413, 'payload_too_large', `The request body is larger than ${maxJsonBodyBytes} bytes.`);
      }
    },
  };
}
