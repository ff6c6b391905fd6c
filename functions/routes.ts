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

export const routeGroups = ['system', 'auth', 'lists', 'projects'] as const;
export type RouteGroup = (typeof routeGroups)[number];

export const routes: readonly RouteEntry[] = [
  { method: 'GET', path: '/api/health', group: 'system', access: 'public', summary: 'Liveness and database reachability' },

  { method: 'POST', path: '/api/auth/login', group: 'auth', access: 'public', summary: 'Log in with email and password; sets the session cookie' },
  { method: 'POST', path: '/api/auth/logout', group: 'auth', access: 'public', summary: 'End the session and clear the cookie' },
  { method: 'GET', path: '/api/auth/me', group: 'auth', access: 'session', summary: 'The logged-in account and its orchestra' },
  { method: 'POST', path: '/api/auth/password-reset', group: 'auth', access: 'public', summary: 'Email a single-use password reset link' },
  { method: 'POST', path: '/api/auth/password-reset/confirm', group: 'auth', access: 'public', summary: 'Set a new password with a reset or invitation token' },

  // Ranking lists: A/B/C per position and custom lists per project and position (SPEC §2).
  { method: 'GET', path: '/api/ranking-lists', group: 'lists', access: 'admin', summary: "Standard lists (filter by positionId) with their ordered musicians; projectId adds that project's custom lists" },
  { method: 'GET', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: 'One list with its ordered musicians' },
  { method: 'PATCH', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: "Change a list's description" },
  { method: 'DELETE', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: 'Remove a custom list (archived instead when a need used it)' },
  { method: 'POST', path: '/api/ranking-lists/{id}/entries', group: 'lists', access: 'admin', summary: 'Add a qualified musician at the end or at a given rank' },
  { method: 'DELETE', path: '/api/ranking-lists/{id}/entries/{musicianId}', group: 'lists', access: 'admin', summary: 'Remove a musician from the list; ranks close up' },
  { method: 'PUT', path: '/api/ranking-lists/{id}/order', group: 'lists', access: 'admin', summary: 'Set the whole order: every musician on the list exactly once, top first' },
  { method: 'POST', path: '/api/ranking-lists/{id}/clear', group: 'lists', access: 'admin', summary: 'Empty the list' },
  { method: 'POST', path: '/api/projects/{id}/custom-lists', group: 'lists', access: 'admin', summary: "Create the project's custom list for a position, empty or copied from another list" },

  // Projects and their needs (SPEC §2, §3.2).
  { method: 'GET', path: '/api/projects', group: 'projects', access: 'admin', summary: 'Projects with staffing (accepted/needed); filters: when (upcoming, past, all), includeArchived, search' },
  { method: 'POST', path: '/api/projects', group: 'projects', access: 'admin', summary: 'Create a project (the ISO week follows the start date)' },
  { method: 'GET', path: '/api/projects/{id}', group: 'projects', access: 'admin', summary: 'One project with its staffing and needs' },
  { method: 'PATCH', path: '/api/projects/{id}', group: 'projects', access: 'admin', summary: 'Change name, start date, rehearsal schedule, concert info or notes' },
  { method: 'POST', path: '/api/projects/{id}/archive', group: 'projects', access: 'admin', summary: 'Archive a project (refused while requests are pending)' },
  { method: 'GET', path: '/api/projects/{id}/needs', group: 'projects', access: 'admin', summary: "The project's needs in send order, with accepted and pending counts" },
  { method: 'POST', path: '/api/projects/{id}/needs', group: 'projects', access: 'admin', summary: 'Add a need: position, quantity, list, strategy, max recipients, response hours, local residents only' },
  { method: 'GET', path: '/api/projects/{id}/needs/{needId}', group: 'projects', access: 'admin', summary: 'One need' },
  { method: 'PATCH', path: '/api/projects/{id}/needs/{needId}', group: 'projects', access: 'admin', summary: 'Change a need (strategy and list are locked once a request was sent)' },
  { method: 'POST', path: '/api/projects/{id}/needs/{needId}/archive', group: 'projects', access: 'admin', summary: 'Archive a need (refused while requests are pending)' },
];

/** `GET /api/health` → the key the group handlers use to find a route's implementation. */
export function routeKey(route: Pick<RouteEntry, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
