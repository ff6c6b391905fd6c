/**
 * The route table: every HTTP route of the product, in one place. The CDK API stack makes one Lambda per
 * `group` and one API Gateway route per entry; the local server dispatches the same entries to the same
 * group handlers. Data only: no handler code is imported here, so CDK can read it cheaply.
 *
 * access:
 *   public     — no session (login, password reset, respond, health)
 *   session    — any valid session for this host (an orchestra's admin, or a superadmin on the apex host)
 *   admin      — an admin session of the orchestra named by the host
 *   superadmin — a superadmin session on the apex host
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteAccess = 'public' | 'session' | 'admin' | 'superadmin';

export interface RouteEntry {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/musicians/{id}`. */
  path: string;
  /** Route group = one Lambda function = one folder under functions/. */
  group: RouteGroup;
  access: RouteAccess;
  summary: string;
}

export const routeGroups = ['system', 'auth'] as const;
export type RouteGroup = (typeof routeGroups)[number];

export const routes: readonly RouteEntry[] = [
  { method: 'GET', path: '/api/health', group: 'system', access: 'public', summary: 'Liveness and database reachability' },

  { method: 'POST', path: '/api/auth/login', group: 'auth', access: 'public', summary: 'Log in with email and password; sets the session cookie' },
  { method: 'POST', path: '/api/auth/logout', group: 'auth', access: 'public', summary: 'End the session and clear the cookie' },
  { method: 'GET', path: '/api/auth/me', group: 'auth', access: 'session', summary: 'The logged-in account and its orchestra' },
  { method: 'POST', path: '/api/auth/password-reset', group: 'auth', access: 'public', summary: 'Email a single-use password reset link' },
  { method: 'POST', path: '/api/auth/password-reset/confirm', group: 'auth', access: 'public', summary: 'Set a new password with a reset or invitation token' },
];

/** `GET /api/health` → the key the group handlers use to find a route's implementation. */
export function routeKey(route: Pick<RouteEntry, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
