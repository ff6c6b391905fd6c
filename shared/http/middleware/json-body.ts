import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, validationFailed } from '../errors';
import { maxJsonNesting, nestsDeeperThan } from './json-nesting';
import { loneSurrogateFields } from './lone-surrogates';

/** application/json and application/<something>+json, with or without parameters (`; charset=utf-8`). */
const jsonMediaType = /^application\/(.+\+)?json($|;.+)/;

const invalidJson = (message: string, fieldMessage: string) => new AppError(400, 'invalid_json', message, [{ field: 'body', message: fieldMessage }]);

/**
 * Parses JSON bodies, only when there is a body (GET and DELETE have none), for every route before anything
 * reads them: not JSON is 415, malformed JSON 400; nesting beyond `maxJsonNesting` is refused before JSON.parse
 * (the parse would succeed, and every recursive reader after it — validation, the NUL check, zod — would overflow
 * the stack into a 500); a lone UTF-16 surrogate in any string or key is refused naming the field.
 */
export function jsonBody(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: (request) => {
      const { event } = request;
      const { body } = event;
      if (body === undefined || body === null || body === '') return;
      if (!jsonMediaType.test(event.headers?.['content-type'] ?? '')) {
        throw new AppError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
      }
      const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
      if (nestsDeeperThan(text, maxJsonNesting)) {
        throw invalidJson(`The request body is nested deeper than ${maxJsonNesting} levels of arrays and objects.`, `is nested deeper than ${maxJsonNesting} levels`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw invalidJson('The request body is not valid JSON.', 'is not valid JSON');
      }
      const loneSurrogates = loneSurrogateFields(parsed, 'body');
      if (loneSurrogates.length > 0) throw validationFailed(loneSurrogates);
      (event as { body?: unknown }).body = parsed;
    },
  };
}
