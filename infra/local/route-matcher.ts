import { routeKey, routes, type RouteEntry } from '../../functions/routes';
import { safeDecode } from './safe-decode';

/** Matches a request against the route table the way API Gateway does: `{name}` is one path segment. */
export interface RouteMatch {
  route: RouteEntry;
  routeKey: string;
  pathParameters: Record<string, string>;
}

const compiled = routes.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

export function matchRoute(method: string, path: string): RouteMatch | { methodNotAllowed: true } | null {
  let pathMatched = false;
  for (const { route, names, regex } of compiled) {
    const m = regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const values = names.map((_, i) => safeDecode(m[i + 1]));
    // A malformed escape names nothing that exists: not found, as for any unknown path.
    if (values.some((v) => v === null)) return null;
    const pathParameters = Object.fromEntries(names.map((name, i) => [name, values[i] as string]));
    return { route, routeKey: routeKey(route), pathParameters };
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}
