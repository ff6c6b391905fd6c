import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHandlers } from '../../functions/http-handlers';
import { routeKey, routes, type RouteEntry } from '../../functions/routes';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct, type TestResponse } from '../support/test-product';

/**
 * SPEC §5 over the whole route table: bad path parameters, bad bodies and bad query parameters get a 4xx
 * (400 naming the field and the reason), never a 5xx, and write nothing. Driven by `routes` and each
 * route's own zod schemas, so a new route or field is swept without touching this file.
 */

type JsonSchemaProperty = { type?: string | string[]; anyOf?: JsonSchemaProperty[]; enum?: unknown[]; format?: string; pattern?: string };

const handlerOf = (route: RouteEntry) => groupHandlers[route.group][routeKey(route)];
const paramNames = (route: RouteEntry) => [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
const isIdParam = (name: string) => name === 'id' || name.endsWith('Id');

/** The input shape of a route's body or query schema, as JSON Schema properties (zod's own view of it). */
function propertiesOf(schema: z.ZodType | undefined): Record<string, JsonSchemaProperty> {
  if (!schema) return {};
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
  return json.properties ?? {};
}

function typesOf(property: JsonSchemaProperty): Set<string> {
  const own = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
  return new Set([...own, ...(property.anyOf ?? []).flatMap((p) => [...typesOf(p)])]);
}

/** A value of a JSON type the field does not take. */
function wrongTypeFor(property: JsonSchemaProperty): unknown {
  const types = typesOf(property);
  if (types.has('string')) return types.has('number') || types.has('integer') ? true : 12345;
  if (types.has('integer') || types.has('number')) return 'twelve';
  if (types.has('boolean')) return 'yes';
  if (types.has('array')) return 'not-a-list';
  if (types.has('object')) return 'not-an-object';
  return { unexpected: 'object' };
}

/** Query fields whose values are constrained (a number, a choice, an id, a date): nonsense must be a 400. */
function isConstrainedQueryField(property: JsonSchemaProperty): boolean {
  const types = typesOf(property);
  return types.has('integer') || types.has('number') || !!property.enum || !!property.format || !!property.pattern;
}

const missingUuid = '00000000-0000-4000-8000-00000000dead';
const badPathValues: { label: string; raw: string }[] = [
  { label: 'not-an-id', raw: 'not-an-id' },
  { label: 'a NUL byte (%00)', raw: '%00' },
  { label: 'a 300-character string', raw: 'x'.repeat(300) },
  { label: 'a uuid that does not exist', raw: missingUuid },
];

/** Valid stand-ins for parameters that are not ids, so only the parameter under test is wrong. */
const validNonIdParams: Record<string, string> = { type: 'request', language: 'sv', token: 'a'.repeat(43) };

function paramSchemaAccepts(route: RouteEntry, name: string, value: string): boolean {
  const params = handlerOf(route).params as z.ZodObject | undefined;
  const field = params?.shape[name] as z.ZodType | undefined;
  return !field || field.safeParse(value).success;
}

const fieldsOf = (res: TestResponse): { field: string; message: string }[] => res.json?.error?.fields ?? [];
/** zod's own wording ("Invalid input: expected string, received number") is not the product's reason. */
const zodDefaultWording = /^(Invalid input|Invalid option|Invalid string|Too small|Too big|Invalid [A-Z]|Unrecognized key)/;
const names = (res: TestResponse, field: string) =>
  fieldsOf(res).some((f) => (f.field === field || f.field.startsWith(`${field}.`)) && f.message.trim() !== '' && !zodDefaultWording.test(f.message));
const brief = (res: TestResponse) => `${res.status} ${res.text.slice(0, 300)}`;

describe('bad input on every route (SPEC §5)', () => {
  let product: TestProduct;
  let orchestra: Awaited<ReturnType<TestProduct['addOrchestra']>>;
  let adminCookie: string;
  let superadminCookie: string;
  let db: Database;

  const orchestraTables = ['audit_log', 'musicians', 'musician_qualifications', 'projects', 'needs', 'ranking_lists', 'ranking_list_entries', 'instruments', 'positions', 'files', 'outbox', 'requests', 'group_emails', 'email_templates', 'project_conflict_choices'];
  let rowsBefore: Record<string, number>;
  /** Things that exist, for requests whose only fault is a reference in the body or query. */
  const real = { instrument: '', position: '', list: '', musician: '', project: '', need: '' };

  async function countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of orchestraTables) {
      // The reset route takes no body, so the bodies swept at it are ignored and each resets the template for real.
      const where = table === 'audit_log' ? ` WHERE action <> 'template.reset'` : '';
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}${where}`);
      counts[table] = rows[0].n;
    }
    return counts;
  }

  /** 400s whose reason is zod's default wording, from every request of the sweep. */
  const rawWordings: string[] = [];

  /** Calls a route as its access needs: superadmin on the apex, everything else on the orchestra's host. */
  async function callRoute(route: RouteEntry, params: Record<string, string>, opts: { query?: string; body?: unknown; rawBody?: string } = {}) {
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]) + (opts.query ? `?${opts.query}` : '');
    const superadmin = route.access === 'superadmin';
    const cookie = route.access === 'public' ? undefined : superadmin ? superadminCookie : adminCookie;
    const res = await product.call(route.method, path, { host: superadmin ? product.apexHost : orchestra.host, cookie, body: opts.body, rawBody: opts.rawBody });
    for (const f of fieldsOf(res).filter((f) => zodDefaultWording.test(f.message))) {
      const body = opts.rawBody ?? JSON.stringify(opts.body);
      rawWordings.push(`${route.method} ${path.slice(0, 120)}${body === undefined ? '' : ` body ${body.slice(0, 120)}`}: ${f.field}: ${f.message}`);
    }
    return res;
  }

  /** Every parameter valid in form (ids that do not exist), so a body or query is what the route judges. */
  const wellFormedParams = (route: RouteEntry) =>
    Object.fromEntries(
      paramNames(route).map((name) => {
        const value = isIdParam(name) ? missingUuid : validNonIdParams[name];
        if (value === undefined) throw new Error(`${routeKey(route)}: add a valid stand-in for {${name}} to validNonIdParams`);
        return [name, value];
      }),
    );

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('sweep', { seed: true });
    adminCookie = await product.loginAs(orchestra);
    await product.addSuperadmin('root@example.org', 'super-secret-password');
    const login = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'root@example.org', password: 'super-secret-password' } });
    superadminCookie = (login.headers['set-cookie'] as string[])[0].split(';')[0];
    db = await product.orchestraDb(orchestra);
    const { rows } = await db.query<{ instrument_id: string; position_id: string; list_id: string }>(
      `SELECT p.instrument_id, p.id AS position_id, l.id AS list_id FROM positions p JOIN ranking_lists l ON l.position_id = p.id AND l.kind = 'A' LIMIT 1`,
    );
    real.instrument = rows[0].instrument_id;
    real.position = rows[0].position_id;
    real.list = rows[0].list_id;
    const admin = (method: string, path: string, body: unknown) => product.call(method, path, { host: orchestra.host, cookie: adminCookie, body });
    real.musician = (await admin('POST', '/api/musicians', { firstName: 'Sweep', lastName: 'Player', email: 'sweep@example.org', qualifications: [real.position] })).json.id;
    real.project = (await admin('POST', '/api/projects', { name: 'Sweep project', startDate: '2099-05-01' })).json.id;
    const need = await admin('POST', `/api/projects/${real.project}/needs`, { positionId: real.position, listId: real.list, quantity: 1, strategy: 'sequential' });
    expect(need.status, need.text).toBe(201);
    real.need = need.json.id;
    rowsBefore = await countRows();
  });
  afterAll(() => product?.close());

  const sessionsWork = async () => {
    expect((await product.call('GET', '/api/auth/me', { host: orchestra.host, cookie: adminCookie })).status).toBe(200);
    expect((await product.call('GET', '/api/superadmin/orchestras', { host: product.apexHost, cookie: superadminCookie })).status).toBe(200);
  };

  it('the sessions it uses work (so a 401/403 below would be a real finding)', sessionsWork);

  describe('path parameters that are not ids → 400 naming the parameter, or 404; never 5xx', () => {
    for (const route of routes.filter((r) => paramNames(r).length > 0)) {
      it(routeKey(route), async () => {
        const problems: string[] = [];
        for (const name of paramNames(route)) {
          for (const bad of badPathValues) {
            const res = await callRoute(route, { ...wellFormedParams(route), [name]: bad.raw });
            const input = `{${name}} = ${bad.label}`;
            // A value the parameter's schema takes (an id that does not exist, any string as a link token) is the
            // route's to judge: 404, or a 400 about something else (no body was sent) that must not blame it.
            const wellFormed = paramSchemaAccepts(route, name, decodeURIComponent(bad.raw));
            const ok = wellFormed
              ? res.status === 404 || (res.status === 400 && !fieldsOf(res).some((f) => f.field === name))
              : res.status === 404 || (res.status === 400 && names(res, name));
            if (!ok) problems.push(`${routeKey(route)} with ${input}: ${brief(res)}`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });

  describe('bodies that are not an object of the right shape → 400 naming the field (or 404 first); never 5xx', () => {
    for (const route of routes.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH')) {
      it(routeKey(route), async () => {
        const schema = handlerOf(route).body;
        const properties = propertiesOf(schema);
        const params = wellFormedParams(route);
        const problems: string[] = [];
        const expect400 = async (input: string, opts: { body?: unknown; rawBody?: string }, judge: (res: TestResponse) => boolean) => {
          const res = await callRoute(route, params, opts);
          if (!(res.status === 400 && judge(res))) problems.push(`${routeKey(route)} with ${input}: ${brief(res)}`);
        };
        const expectNo5xx = async (input: string, opts: { body?: unknown; rawBody?: string }) => {
          const res = await callRoute(route, params, opts);
          if (res.status >= 500) problems.push(`${routeKey(route)} with ${input}: ${brief(res)}`);
        };

        await expect400('a body that is not JSON', { rawBody: '{"not json' }, (res) => res.json?.error?.code === 'invalid_json');
        const notAnObject: { label: string; body: unknown }[] = [
          { label: 'null', body: null },
          { label: 'a JSON array', body: [1, 2] },
          { label: 'a JSON string', body: 'text' },
        ];
        if (!schema) {
          // The route takes no body: whatever parses is ignored, never a crash.
          for (const { label, body } of [...notAnObject, { label: '{}', body: {} }]) await expectNo5xx(`body ${label}`, { body });
        } else {
          for (const { label, body } of notAnObject) await expect400(`body ${label}`, { body }, (res) => names(res, 'body'));

          const empty = await callRoute(route, params, { body: {} });
          const emptyAccepted = schema.safeParse({}).success;
          // {} is either refused naming what is missing, or (every field optional) judged by the route: 404 for ids that do not exist.
          const emptyOk = emptyAccepted ? empty.status < 500 && empty.status !== 400 : empty.status === 400 && fieldsOf(empty).length > 0;
          if (!emptyOk) problems.push(`${routeKey(route)} with body {}: ${brief(empty)}`);

          const wrong = Object.fromEntries(Object.entries(properties).map(([field, property]) => [field, wrongTypeFor(property)]));
          await expect400(`every field of the wrong type ${JSON.stringify(wrong)}`, { body: wrong }, (res) => {
            const unnamed = Object.keys(wrong).filter((field) => !names(res, field));
            if (unnamed.length) problems.push(`${routeKey(route)}: wrong-type fields not named: ${unnamed.join(', ')}`);
            return unnamed.length === 0;
          });

          const stringFields = Object.entries(properties).filter(([, property]) => typesOf(property).has('string'));
          if (stringFields.length > 0) {
            // PostgreSQL text cannot hold a NUL character: it must be refused as input, not fail in the database.
            const withNul = Object.fromEntries(stringFields.map(([field]) => [field, 'a\u0000b']));
            await expect400(`every text field containing a NUL character`, { body: withNul }, (res) => {
              const unnamed = stringFields.map(([field]) => field).filter((field) => !names(res, field));
              if (unnamed.length) problems.push(`${routeKey(route)}: text fields with a NUL not named: ${unnamed.join(', ')}`);
              return unnamed.length === 0;
            });
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });

  describe('bodies a parser could choke on (issue #14, point 6) → 400 naming the problem, on every route; never 5xx', () => {
    // Each well under the 1 MiB body limit, so the limit is not what answers.
    const nested: { label: string; rawBody: string }[] = [
      { label: 'arrays nested 200,000 deep', rawBody: `${'['.repeat(200_000)}${']'.repeat(200_000)}` },
      { label: 'objects nested 100,000 deep', rawBody: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` },
      { label: 'an array nested 100,000 deep in a field', rawBody: `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
    ];
    for (const route of routes) {
      it(routeKey(route), async () => {
        const params = wellFormedParams(route);
        const problems: string[] = [];
        for (const { label, rawBody } of nested) {
          const res = await callRoute(route, params, { rawBody });
          const named = res.status === 400 && res.json?.error?.code === 'invalid_json' && names(res, 'body') && /nested/.test(res.json.error.message);
          if (!named) problems.push(`${routeKey(route)} with ${label}: ${brief(res)}`);
        }
        // A lone UTF-16 surrogate (\ud800 alone) is no Unicode text: PostgreSQL, UTF-8 and every mail would mangle it.
        const stringFields = Object.entries(propertiesOf(handlerOf(route).body)).filter(([, property]) => typesOf(property).has('string')).map(([field]) => field);
        const fields = stringFields.length > 0 ? stringFields : ['note'];
        for (const surrogate of ['\\ud800', '\\udfff', 'x\\udc00y']) {
          const res = await callRoute(route, params, { rawBody: `{${fields.map((field) => `"${field}":"${surrogate}"`).join(',')}}` });
          const unnamed = fields.filter((field) => !fieldsOf(res).some((f) => f.field === field && /surrogate/.test(f.message)));
          if (res.status !== 400 || unnamed.length > 0) problems.push(`${routeKey(route)} with ${surrogate} in ${fields.join(', ')}: ${brief(res)}`);
        }
        const inKey = await callRoute(route, params, { rawBody: '{"list":[{"\\udc00":1}]}' });
        if (!(inKey.status === 400 && fieldsOf(inKey).some((f) => f.field === 'list.0' && /surrogate/.test(f.message)))) {
          problems.push(`${routeKey(route)} with a lone surrogate in a key: ${brief(inKey)}`);
        }
        expect(problems).toEqual([]);
      });
    }
  });

  describe('query parameters of the wrong type → 400 naming the parameter, or ignored; never 5xx', () => {
    for (const route of routes.filter((r) => r.method === 'GET' && handlerOf(r).query)) {
      it(routeKey(route), async () => {
        const params = wellFormedParams(route);
        const fine = (res: TestResponse) => res.status === 200 || res.status === 404;
        const problems: string[] = [];
        const properties = propertiesOf(handlerOf(route).query);
        const tries: { query: string; field?: string; mustRefuse: boolean }[] = [
          { query: 'page=-1', mustRefuse: false },
          { query: 'limit=abc', field: 'limit', mustRefuse: 'limit' in properties },
          { query: 'status=nonsense', field: 'status', mustRefuse: 'status' in properties },
        ];
        for (const [field, property] of Object.entries(properties)) {
          const constrained = isConstrainedQueryField(property);
          tries.push(
            { query: `${field}=nonsense`, field, mustRefuse: constrained },
            { query: `${field}=-1`, field, mustRefuse: false },
            { query: `${field}=%00`, field, mustRefuse: false },
            // LIKE's escape character and wildcards, for fields that search.
            { query: `${field}=a%5C`, field, mustRefuse: false },
            { query: `${field}=%25_%5C%25`, field, mustRefuse: false },
            { query: `${field}=${'x'.repeat(300)}`, field, mustRefuse: constrained },
            { query: `${field}=`, field, mustRefuse: false },
          );
        }
        for (const attempt of tries) {
          const res = await callRoute(route, params, { query: attempt.query });
          const refusedWell = res.status === 400 && (!attempt.field || names(res, attempt.field));
          const ok = attempt.mustRefuse ? refusedWell : refusedWell || fine(res);
          if (!ok) problems.push(`${routeKey(route)} with ?${attempt.query.slice(0, 60)}: ${brief(res)}`);
        }
        expect(problems).toEqual([]);
      });
    }
  });

  describe('references to nothing, or numbers no column holds, on things that exist → 4xx naming the field, never 5xx, nothing written', () => {
    const m = missingUuid;
    const cases: { key: string; path: () => string; body?: () => unknown; query?: string; field: string }[] = [
      { key: 'POST /api/musicians', path: () => '/api/musicians', body: () => ({ firstName: 'No', lastName: 'Where', email: 'nowhere@example.org', qualifications: [m] }), field: 'qualifications' },
      { key: 'PATCH /api/musicians/{id}', path: () => `/api/musicians/${real.musician}`, body: () => ({ qualifications: [real.position, m] }), field: 'qualifications' },
      { key: 'POST /api/positions', path: () => '/api/positions', body: () => ({ instrumentId: m, name: 'Ghost position' }), field: 'instrumentId' },
      { key: 'PUT /api/instruments/order', path: () => '/api/instruments/order', body: () => ({ instrumentIds: [m] }), field: 'instrumentIds' },
      { key: 'PUT /api/instruments/{id}/positions/order', path: () => `/api/instruments/${real.instrument}/positions/order`, body: () => ({ positionIds: [m] }), field: 'positionIds' },
      { key: 'POST /api/ranking-lists/{id}/entries', path: () => `/api/ranking-lists/${real.list}/entries`, body: () => ({ musicianId: m }), field: 'musicianId' },
      { key: 'PUT /api/ranking-lists/{id}/order', path: () => `/api/ranking-lists/${real.list}/order`, body: () => ({ musicianIds: [m] }), field: 'musicianIds' },
      { key: 'POST /api/projects/{id}/custom-lists', path: () => `/api/projects/${real.project}/custom-lists`, body: () => ({ positionId: m }), field: 'positionId' },
      { key: 'POST /api/projects/{id}/custom-lists', path: () => `/api/projects/${real.project}/custom-lists`, body: () => ({ positionId: real.position, copyFromListId: m }), field: 'copyFromListId' },
      { key: 'POST /api/projects/{id}/needs', path: () => `/api/projects/${real.project}/needs`, body: () => ({ positionId: m, listId: real.list, quantity: 1, strategy: 'sequential' }), field: 'positionId' },
      { key: 'POST /api/projects/{id}/needs', path: () => `/api/projects/${real.project}/needs`, body: () => ({ positionId: real.position, listId: m, quantity: 1, strategy: 'sequential' }), field: 'listId' },
      { key: 'PATCH /api/projects/{id}/needs/{needId}', path: () => `/api/projects/${real.project}/needs/${real.need}`, body: () => ({ listId: m }), field: 'listId' },
      { key: 'PATCH /api/projects/{id}/needs/{needId}', path: () => `/api/projects/${real.project}/needs/${real.need}`, body: () => ({ positionId: m }), field: 'positionId' },
      { key: 'POST /api/projects/{id}/files', path: () => `/api/projects/${real.project}/files`, body: () => ({ filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10, sendOn: 'request', needId: m }), field: 'needId' },
      { key: 'POST /api/projects/{id}/send', path: () => `/api/projects/${real.project}/send`, body: () => ({ needId: m }), field: 'needId' },
      { key: 'PUT /api/projects/{id}/conflict-choices', path: () => `/api/projects/${real.project}/conflict-choices`, body: () => ({ choices: [{ musicianId: m, needId: real.need }] }), field: 'choices' },
      { key: 'PUT /api/projects/{id}/conflict-choices', path: () => `/api/projects/${real.project}/conflict-choices`, body: () => ({ choices: [{ musicianId: real.musician, needId: m }] }), field: 'choices' },
      { key: 'POST /api/projects/{id}/group-emails', path: () => `/api/projects/${real.project}/group-emails`, body: () => ({ subject: 'Hi', body: 'Hello', instrumentId: m }), field: 'instrumentId' },
      { key: 'POST /api/projects/{id}/group-emails', path: () => `/api/projects/${real.project}/group-emails`, body: () => ({ subject: 'Hi', body: 'Hello', positionId: m }), field: 'positionId' },
      { key: 'POST /api/projects/{id}/group-emails', path: () => `/api/projects/${real.project}/group-emails`, body: () => ({ subject: 'Hi', body: 'Hello', fileIds: [m] }), field: 'fileIds' },
      { key: 'GET /api/projects/{id}/preview', path: () => `/api/projects/${real.project}/preview`, query: `needId=${m}`, field: 'needId' },
      // Beyond a PostgreSQL integer (2^31 − 1) but a safe JavaScript integer: the schema or rules must stop it.
      { key: 'POST /api/projects/{id}/needs', path: () => `/api/projects/${real.project}/needs`, body: () => ({ positionId: real.position, listId: real.list, quantity: 1, strategy: 'first_come', maxRecipients: 2 ** 31 }), field: 'maxRecipients' },
      { key: 'PATCH /api/projects/{id}/needs/{needId}', path: () => `/api/projects/${real.project}/needs/${real.need}`, body: () => ({ strategy: 'first_come', maxRecipients: 2 ** 31 }), field: 'maxRecipients' },
      { key: 'PATCH /api/projects/{id}/needs/{needId}', path: () => `/api/projects/${real.project}/needs/${real.need}`, body: () => ({ quantity: 2 ** 31 }), field: 'quantity' },
      { key: 'PATCH /api/projects/{id}/needs/{needId}', path: () => `/api/projects/${real.project}/needs/${real.need}`, body: () => ({ responseHours: 2 ** 31 }), field: 'responseHours' },
      { key: 'POST /api/ranking-lists/{id}/entries', path: () => `/api/ranking-lists/${real.list}/entries`, body: () => ({ musicianId: real.musician, rank: 2 ** 31 }), field: 'rank' },
      { key: 'PUT /api/projects/{id}/needs/{needId}/quantity', path: () => `/api/projects/${real.project}/needs/${real.need}/quantity`, body: () => ({ quantity: 2 ** 31 }), field: 'quantity' },
      { key: 'PATCH /api/settings', path: () => '/api/settings', body: () => ({ reminderPercent: 2 ** 31 }), field: 'reminderPercent' },
      { key: 'POST /api/projects/{id}/files', path: () => `/api/projects/${real.project}/files`, body: () => ({ filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 2 ** 53, sendOn: 'request' }), field: 'sizeBytes' },
    ];
    for (const c of cases) {
      it(`${c.key} with ${c.field} = ${JSON.stringify((c.body?.() as Record<string, unknown> | undefined)?.[c.field] ?? c.query)}`, async () => {
        expect(routes.map(routeKey)).toContain(c.key);
        const method = c.key.split(' ')[0];
        const res = await product.call(method, c.path() + (c.query ? `?${c.query}` : ''), { host: orchestra.host, cookie: adminCookie, body: c.body?.() });
        const refusedWell = res.status === 404 || res.status === 409 || res.status === 422 || (res.status === 400 && names(res, c.field));
        expect(refusedWell, `${c.key} with ${c.query ?? JSON.stringify(c.body?.())}: ${brief(res)}`).toBe(true);
      });
    }
  });

  it('every refusal above gave its reason in the product\'s words, not zod\'s default wording', () => {
    expect(rawWordings).toEqual([]);
  });

  it('the sessions still work after the sweep (no bad input ended one)', sessionsWork);

  it('the refused requests above left no rows behind in the orchestra database', async () => {
    expect(await countRows()).toEqual(rowsBefore);
  });
});
