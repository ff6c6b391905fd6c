import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ZodType } from 'zod';
import { validationFailed, type FieldError } from '../errors';
import { appState, type AppLambdaContext } from './app-state';
import { fieldMessage } from './field-messages';
import { nulCharacterFields } from './nul-characters';

/** zod validation of body, query and path parameters; failures are 400 with every field and reason. */
export function validation(): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, AppLambdaContext> {
  return {
    before: (request) => {
      const { event } = request;
      const state = appState(request.context);
      const { route } = state;
      const fields: FieldError[] = [];
      const parse = (schema: ZodType | undefined, value: unknown, where: string, refuseNul: boolean) => {
        if (!schema) return undefined;
        const result = schema.safeParse(value);
        const issues = result.success ? [] : result.error.issues;
        for (const issue of issues) {
          const path = issue.path.map(String).join('.');
          fields.push({ field: path || where, message: value === undefined && !path ? 'is required' : fieldMessage(issue) });
        }
        // A schema may take any text (a name, a search); the database cannot: refuse NUL here for every route.
        // Path parameters are ids, enums or hashed link tokens, and a wrong link stays a plain 404.
        if (refuseNul) {
          const named = new Set(issues.map((issue) => issue.path.map(String).join('.') || where));
          fields.push(...nulCharacterFields(value, where).filter((f) => !named.has(f.field)));
        }
        return result.success ? result.data : undefined;
      };
      const body = parse(route.body, (event as { body?: unknown }).body, 'body', true);
      const query = parse(route.query, event.queryStringParameters ?? {}, 'query', true);
      const params = parse(route.params, event.pathParameters ?? {}, 'params', false);
      if (fields.length > 0) throw validationFailed(fields);
      Object.assign(state.ctx, { body, query, params });
    },
  };
}
