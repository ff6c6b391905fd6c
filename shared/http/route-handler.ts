import type { Logger } from '@aws-lambda-powertools/logger';
import type { ZodType } from 'zod';
import type { SessionUser } from '../app/accounts/sessions';
import type { Database } from '../ports/database';
import type { Runtime } from '../runtime/runtime';
import type { HostTarget } from '../tenancy/host';
import type { OrchestraRecord } from '../tenancy/orchestra-registry';

/** The orchestra named by the host, with a database handle bound to it and to nothing else. */
export interface OrchestraContext {
  record: OrchestraRecord;
  db(): Promise<Database>;
}

export interface RequestContext<Body = unknown, Query = unknown, Params = unknown> {
  body: Body;
  query: Query;
  params: Params;
  runtime: Runtime;
  host: HostTarget;
  /** Set on an orchestra's host (and active); null on the apex. */
  orchestra: OrchestraContext | null;
  /** The verified session, already checked to belong to this host. */
  session: SessionUser | null;
  sessionToken: string | null;
  /** The host the viewer asked for (x-forwarded-host), trusted only after the origin check (edge-origin.ts). */
  viewerHost: string;
  /** The viewer's address as CloudFront saw it (x-viewer-address), never API Gateway's sourceIp (CloudFront's edge). */
  sourceIp: string;
  requestId: string;
  logger: Logger;
}

export interface HttpResult {
  status?: number;
  body?: unknown;
  cookies?: string[];
  headers?: Record<string, string>;
}

/** One route's implementation: its input schemas and a thin function calling a use case. */
export interface RouteHandler<Body = unknown, Query = unknown, Params = unknown> {
  body?: ZodType<Body>;
  query?: ZodType<Query>;
  params?: ZodType<Params>;
  run(ctx: RequestContext<Body, Query, Params>): Promise<HttpResult>;
}

export function defineRoute<Body = undefined, Query = undefined, Params = undefined>(
  route: RouteHandler<Body, Query, Params>,
): RouteHandler<Body, Query, Params> {
  return route;
}

/** A route group's implementations keyed by route key (`GET /api/health`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GroupHandlers = Record<string, RouteHandler<any, any, any>>;
