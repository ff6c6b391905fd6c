import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ZodType } from 'zod';
import { validationFailed, type FieldError } from '../errors';
import { appState, type AppLambdaContext } from './app-state';

/** zod validation of body, query and path parameters; failures are 400 with every field and reason. */
export function validation(): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: (request) => {
      const { event } = request;
      const state = appState(request.context);
      const { route } = state;
      const fields: FieldError[] = [];
      const parse = (schema: ZodType | undefined, value: unknown, where: string) => {
        if (!schema) return undefined;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        for (const issue of result.error.issues) {
          const path = issue.path.map(String).join('.');
          fields.push({ field: path || where, message: value === undefined && !path ? 'is required' : issue.message });
        }
        return undefined;
      };
      const body = parse(route.body, (event as { body?: unknown }).body, 'body');
      const query = parse(route.query, event.queryStringParameters ?? {}, 'query');
      const params = parse(route.params, event.pathParameters ?? {}, 'params');
      if (fields.length > 0) throw validationFailed(fields);
      Object.assign(state.ctx, { body, query, params });
    },
  };
}
