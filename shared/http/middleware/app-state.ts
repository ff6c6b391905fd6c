import type { Context } from 'aws-lambda';
import type { RequestContext, RouteHandler } from '../route-handler';

/** What the chain learns about a request as it goes, carried on the Lambda context object. */
export interface AppState {
  route: RouteHandler<unknown, unknown, unknown>;
  ctx: Partial<RequestContext>;
}

export type AppLambdaContext = Context & { app?: AppState };

export function appState(context: Context): AppState {
  const state = (context as AppLambdaContext).app;
  if (!state) throw new Error('request state missing: the route middleware did not run');
  return state;
}
