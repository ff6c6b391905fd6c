import { decodeComponent } from './edge-http';

/** One route of the HTTP API as the API stack declares it (AWS::ApiGatewayV2::Route + its Integration). */
export interface ApiRoute {
  /** `GET`, `ANY`, … (empty for `$default`). */
  method: string;
  /** `/api/projects/{id}` (empty for `$default`). */
  path: string;
  /** `GET /api/projects/{id}` or `$default`. */
  routeKey: string;
  /** The integration's IntegrationUri: the function the route invokes. */
  functionArn: string;
  payloadFormatVersion: string;
  apiId: string;
}

export interface RouteMatch {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

type SegmentKind = 'literal' | 'variable' | 'greedy';
const segmentRank: Record<SegmentKind, number> = { literal: 2, variable: 1, greedy: 0 };

function segmentKind(segment: string): SegmentKind {
  if (/^\{[^{}]+\+\}$/.test(segment)) return 'greedy';
  if (/^\{[^{}]+\}$/.test(segment)) return 'variable';
  return 'literal';
}

function matchPath(routePath: string, requestSegments: string[]): { parameters: Record<string, string>; ranks: number[] } | undefined {
  const routeSegments = routePath.split('/').slice(1);
  const parameters: Record<string, string> = {};
  const ranks: number[] = [];
  for (let i = 0; i < routeSegments.length; i++) {
    const segment = routeSegments[i]!;
    const kind = segmentKind(segment);
    ranks.push(segmentRank[kind]);
    if (kind === 'greedy') {
      // Greedy variables are last by definition and catch one or more child segments.
      const rest = requestSegments.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.slice(1, -2)] = decodeComponent(rest.join('/'));
      return { parameters, ranks };
    }
    const value = requestSegments[i];
    if (value === undefined) return undefined;
    if (kind === 'literal' && value !== segment) return undefined;
    if (kind === 'variable') {
      if (value === '') return undefined;
      parameters[segment.slice(1, -1)] = decodeComponent(value);
    }
  }
  return routeSegments.length === requestSegments.length ? { parameters, ranks } : undefined;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return b.length - a.length;
}

/**
 * API Gateway's route selection for HTTP APIs: a full match of path and method first (literal segments before
 * path variables, a route's own method before ANY), then a route with a greedy `{proxy+}` variable (the most
 * specific one), then `$default`. Paths are case-sensitive. Undefined when nothing matches (API Gateway: 404).
 */
export function matchRoute(routes: readonly ApiRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const requestSegments = rawPath.split('/').slice(1);
  const candidates: { route: ApiRoute; parameters: Record<string, string>; ranks: number[]; greedy: boolean; anyMethod: boolean }[] = [];
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    const routeMethod = route.method.toUpperCase();
    if (routeMethod !== 'ANY' && routeMethod !== method.toUpperCase()) continue;
    const matched = matchPath(route.path, requestSegments);
    if (!matched) continue;
    candidates.push({ route, ...matched, greedy: matched.ranks.includes(segmentRank.greedy), anyMethod: routeMethod === 'ANY' });
  }
  candidates.sort(
    (a, b) => Number(a.greedy) - Number(b.greedy) || compareRanks(a.ranks, b.ranks) || Number(a.anyMethod) - Number(b.anyMethod),
  );
  const best = candidates[0];
  if (best) return { route: best.route, pathParameters: best.parameters };
  const fallback = routes.find((r) => r.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}

/** `GET /api/x/{id}` → method and path, as an AWS::ApiGatewayV2::Route's RouteKey is written. */
export function parseRouteKey(routeKey: string): { method: string; path: string } {
  if (routeKey === '$default') return { method: '', path: '' };
  const [method, path] = routeKey.split(' ');
  if (!method || !path) throw new Error(`unreadable RouteKey: ${routeKey}`);
  return { method, path };
}
