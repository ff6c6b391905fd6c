import { describe, expect, it } from 'vitest';
import { groupHandlers } from '../../functions/http-handlers';
import { routeGroups, routeKey, routes } from '../../functions/routes';
import { createHttpHandler } from '../../shared/http/create-http-handler';
import { matchRoute } from '../../infra/local/route-matcher';
import { readCookie } from '../../shared/http/cookies';

describe('route table', () => {
  it('has unique method + path pairs', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has an implementation for every route and a route for every implementation', () => {
    for (const group of routeGroups) {
      const declared = routes.filter((r) => r.group === group).map(routeKey).sort();
      expect(Object.keys(groupHandlers[group]).sort()).toEqual(declared);
    }
  });

  it('makes a handler refuse to start when the table and the implementations disagree', () => {
    expect(() => createHttpHandler('system', {}, async () => ({}) as never)).toThrow(/missing implementations \[GET \/api\/health\]/);
  });

  it('only lets login, password reset, logout and health be public (SPEC §5)', () => {
    const publicPaths = routes.filter((r) => r.access === 'public').map((r) => r.path);
    for (const path of publicPaths) expect(path).toMatch(/^\/api\/(health|auth\/(login|logout|password-reset.*)|respond\/.*)$/);
  });
});

describe('local route matching', () => {
  it('finds routes by method and path and tells a wrong method from an unknown path', () => {
    expect(matchRoute('GET', '/api/health')).toMatchObject({ routeKey: 'GET /api/health' });
    expect(matchRoute('DELETE', '/api/health')).toEqual({ methodNotAllowed: true });
    expect(matchRoute('GET', '/api/nothing-here')).toBeNull();
    // A malformed escape in a path parameter is a path that names nothing, not a crash.
    expect(matchRoute('GET', '/api/respond/%E0%A4%A')).toBeNull();
    expect(matchRoute('GET', '/api/respond/abc%20def')).toMatchObject({ pathParameters: { token: 'abc def' } });
  });
});

describe('cookies', () => {
  it('reads a named cookie from API Gateway cookie strings', () => {
    expect(readCookie(['a=1', 'os_session=abc.def; other=2'], 'os_session')).toBe('abc.def');
    expect(readCookie(undefined, 'os_session')).toBeUndefined();
  });
});
