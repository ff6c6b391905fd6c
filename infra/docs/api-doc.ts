import { routes, routeGroups } from '../../functions/routes';

/** docs/api.md is rendered from the route table, so the documented routes are the served ones. */
export function renderApiDoc(): string {
  const access = { public: 'anyone', session: 'any session of this host', admin: 'orchestra admin', superadmin: 'superadmin (apex host)' };
  const lines = [
    '# HTTP API',
    '',
    '<!-- Generated from functions/routes.ts by `npm run docs:api`; a test fails when it is out of date. -->',
    '',
    'JSON under `/api`. The orchestra is always the one named by the host (`<orchestra>.<domain>`); the superadmin',
    'uses the apex host. Sessions are an HttpOnly cookie (`os_session`) bound to one orchestra: a session presented on',
    "another orchestra's host gets 403, a protected route without a session 401.",
    '',
    'A changing request (POST, PUT, PATCH, DELETE) that a browser sends from another site, another orchestra\'s',
    'subdomain included, gets 403 `cross_site_request`: its `Origin`, when sent, must be the host\'s own',
    '(`https://<host>`), and its `Sec-Fetch-Site`, when sent, `same-origin` or `none`. A client that sends neither',
    '(curl, scripts) is not affected.',
    '',
    'Errors: `{ "error": { "code": "…", "message": "…", "fields": [{ "field": "email", "message": "…" }] } }` with',
    '400 (bad input, every field and the reason), 401, 403, 404 (unknown orchestra or resource), 409 (conflict),',
    '413 (body over 1 MiB), 415 (not JSON), 422, 423 (orchestra suspended), 429 (throttled, with `Retry-After`),',
    '500 (no internals; names a reference to find the log entry). A body nested deeper than 64 arrays and objects is',
    '400 `invalid_json` on every route, and so is a lone UTF-16 surrogate (`"\\ud800"`) in any text or key, naming the field.',
    '',
  ];
  for (const group of routeGroups) {
    lines.push(`## ${group}`, '', '| method | path | who may call | what it does |', '|---|---|---|---|');
    for (const r of routes.filter((route) => route.group === group)) {
      lines.push(`| ${r.method} | \`${r.path}\` | ${access[r.access]} | ${r.summary} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
