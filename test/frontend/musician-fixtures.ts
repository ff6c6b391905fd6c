import { vi } from 'vitest';

/** Shared data and a fetch stub for the musician screen tests. */
export const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const violin = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'INST001',
  name: 'Violin',
  archived: false,
  positions: [
    { id: '00000000-0000-4000-8000-000000000011', code: 'POS001', name: 'Förste konsertmästare', archived: false },
    { id: '00000000-0000-4000-8000-000000000012', code: 'POS002', name: 'Tutti violin 1', archived: false },
  ],
};
export const cello = {
  id: '00000000-0000-4000-8000-000000000002',
  code: 'INST003',
  name: 'Cello',
  archived: false,
  positions: [{ id: '00000000-0000-4000-8000-000000000021', code: 'POS010', name: 'Solocellist', archived: false }],
};

export function musician(overrides: Record<string, unknown> = {}) {
  return {
    id: '00000000-0000-4000-8000-0000000000a1',
    code: 'MUS004',
    firstName: 'Anna',
    lastName: 'Berg',
    name: 'Anna Berg',
    email: 'anna.berg@example.org',
    phone: '070-123 45 67',
    language: 'sv',
    localResident: true,
    notes: '',
    active: true,
    status: 'active',
    emailStatus: 'ok',
    emailStatusChangedAt: null,
    archivedAt: null,
    erased: false,
    erasedAt: null,
    qualifications: [
      { positionId: violin.positions[1].id, positionName: 'Tutti violin 1', instrumentId: violin.id, instrumentName: 'Violin', archived: false },
    ],
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    ...overrides,
  };
}

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

/** A fetch that answers by "METHOD /path"; anything unexpected is a 500 the test will notice. */
export function stubApi(routes: Record<string, Handler>) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const handler = routes[`${init?.method ?? 'GET'} ${url.pathname}`];
    return handler ? handler(url, init) : jsonResponse(500, { error: { code: 'unexpected', message: `no stub for ${url.pathname}` } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
