import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

interface Named {
  id: string;
  name: string;
}

/**
 * Instruments and positions through the real HTTP server and the orchestra's own PostgreSQL, once per
 * database adapter: create, rename, the whole score and seniority order in one request (also when two
 * admins reorder at once), archive and restore — never a hard delete, and refused while a need still asks.
 */
describe.each(['pg', 'data-api'] as const)('instruments and positions API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  let saxId: string;
  let altoId: string;
  let tenorId: string;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const ids = (items: Named[]) => items.map((i) => i.id);

  async function auditActions(entityId: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = :entityId ORDER BY id`, { entityId });
    return rows.map((r) => r.action);
  }

  async function liveInstrumentIds(): Promise<string[]> {
    const res = await call('GET', '/api/instruments?limit=500');
    expect(res.status).toBe(200);
    return ids(res.json.items);
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('instruments', { seed: true });
    other = await product.addOrchestra('strangers', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('lists the seeded instruments in score order with their positions, and positions with their A/B/C lists', async () => {
    const res = await call('GET', '/api/instruments');
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(14);
    expect(res.json.items[0]).toMatchObject({ name: 'Violin', code: 'INST001', archived: false });
    expect(res.json.items[0].positions.map((p: Named) => p.name).slice(0, 2)).toEqual(['Förste konsertmästare', 'Andre konsertmästare']);

    const positions = await call('GET', '/api/positions?limit=500');
    expect(positions.status).toBe(200);
    expect(positions.json.total).toBe(positions.json.items.length);
    expect(positions.json.items[0]).toMatchObject({ name: 'Förste konsertmästare', instrument: { name: 'Violin' }, archived: false });
    for (const p of positions.json.items) expect(Object.values(p.lists).every((id) => typeof id === 'string')).toBe(true);

    const cello = res.json.items.find((i: Named) => i.name === 'Cello');
    const ofCello = await call('GET', `/api/positions?instrumentId=${cello.id}`);
    expect(ofCello.json.items.map((p: Named) => p.name)).toEqual(['Solocellist', 'Stämledare cello', 'Tutti cello']);
    const bad = await call('GET', '/api/positions?instrumentId=nope&includeArchived=maybe');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['includeArchived', 'instrumentId']);
  });

  it('creates an instrument last in score order, and refuses duplicate or bad names', async () => {
    const res = await call('POST', '/api/instruments', { name: '  Saxofon ' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Saxofon', code: 'INST015', archived: false, positions: [] });
    saxId = res.json.id;
    expect((await liveInstrumentIds()).at(-1)).toBe(saxId);
    expect(await auditActions(saxId)).toEqual(['instrument.create']);

    const twice = await call('POST', '/api/instruments', { name: 'SAXOFON' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toBe('There is already an instrument named Saxofon (INST015).');
    const empty = await call('POST', '/api/instruments', { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.fields).toEqual([{ field: 'name', message: 'is required' }]);
    const long = await call('POST', '/api/instruments', { name: 'x'.repeat(101) });
    expect(long.json.error.fields).toEqual([{ field: 'name', message: 'must be at most 100 characters' }]);
    const missing = await call('POST', '/api/instruments', {});
    expect(missing.json.error.fields).toEqual([{ field: 'name', message: 'is required' }]);
  });

  it('creates positions, least senior first, each with empty A, B and C lists in the same step', async () => {
    const alto = await call('POST', '/api/positions', { instrumentId: saxId, name: 'Altsaxofon' });
    expect(alto.status).toBe(201);
    expect(alto.json).toMatchObject({ name: 'Altsaxofon', code: expect.stringMatching(/^POS\d{3}$/), instrument: { id: saxId, name: 'Saxofon' } });
    altoId = alto.json.id;
    const tenor = await call('POST', '/api/positions', { instrumentId: saxId, name: 'Tenorsaxofon' });
    tenorId = tenor.json.id;
    expect(tenor.json.sortOrder).toBeGreaterThan(alto.json.sortOrder);

    const lists = await call('GET', `/api/ranking-lists?positionId=${altoId}`);
    expect(lists.json.items.map((l: { kind: string; entries: unknown[] }) => [l.kind, l.entries.length])).toEqual([['A', 0], ['B', 0], ['C', 0]]);
    expect(ids(lists.json.items)).toEqual([alto.json.lists.A, alto.json.lists.B, alto.json.lists.C]);
    expect(await auditActions(altoId)).toEqual(['position.create']);

    const twice = await call('POST', '/api/positions', { instrumentId: saxId, name: 'altsaxofon' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/^Saxofon already has a position named Altsaxofon \(POS\d+\)\.$/);
    // The same name under another instrument is fine: uniqueness is among siblings.
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM instruments WHERE name = 'Klarinett'`);
    const elsewhere = await call('POST', '/api/positions', { instrumentId: rows[0].id, name: 'Altsaxofon' });
    expect(elsewhere.status).toBe(201);

    const unknown = await call('POST', '/api/positions', { instrumentId: crypto.randomUUID(), name: 'Barytonsaxofon' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual([{ field: 'instrumentId', message: 'no such instrument' }]);
    const bad = await call('POST', '/api/positions', { instrumentId: 'sax', name: '' });
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['instrumentId', 'name']);
    const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM positions WHERE name = 'Barytonsaxofon'`);
    expect(count[0].n).toBe(0);
  });

  it('renames instruments and positions, refusing a sibling name, with before and after in the audit log', async () => {
    const res = await call('PATCH', `/api/positions/${tenorId}`, { name: 'Tenorsax' });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('Tenorsax');
    const { rows } = await db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE action = 'position.rename' AND entity_id = :id`,
      { id: tenorId },
    );
    expect(rows[0]).toMatchObject({ before: { name: 'Tenorsaxofon' }, after: { name: 'Tenorsax' } });
    expect((await call('PATCH', `/api/positions/${tenorId}`, { name: 'ALTSAXOFON' })).status).toBe(409);

    expect((await call('PATCH', `/api/instruments/${saxId}`, { name: 'Saxofoner' })).json.name).toBe('Saxofoner');
    const taken = await call('PATCH', `/api/instruments/${saxId}`, { name: 'harpa' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toMatch(/already an instrument named Harpa/);
  });

  it('answers 404 for unknown ids and for the ids of another orchestra', async () => {
    const otherDb = await product.orchestraDb(other);
    const { rows } = await otherDb.query<{ instrument_id: string; position_id: string }>(
      `SELECT i.id AS instrument_id, p.id AS position_id FROM instruments i JOIN positions p ON p.instrument_id = i.id LIMIT 1`,
    );
    const { instrument_id: foreignInstrument, position_id: foreignPosition } = rows[0];
    expect((await call('GET', `/api/instruments/${foreignInstrument}`)).status).toBe(404);
    expect((await call('PATCH', `/api/instruments/${foreignInstrument}`, { name: 'Mine now' })).status).toBe(404);
    expect((await call('POST', `/api/instruments/${foreignInstrument}/archive`)).status).toBe(404);
    expect((await call('PUT', `/api/instruments/${foreignInstrument}/positions/order`, { positionIds: [foreignPosition] })).status).toBe(404);
    expect((await call('GET', `/api/positions/${foreignPosition}`)).status).toBe(404);
    expect((await call('PATCH', `/api/positions/${foreignPosition}`, { name: 'Mine now' })).status).toBe(404);
    expect((await call('POST', `/api/positions/${foreignPosition}/restore`)).status).toBe(404);
    const malformed = await call('GET', '/api/instruments/INST001');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.fields).toEqual([{ field: 'id', message: 'must be an id (UUID)' }]);
  });

  it('sets the whole score order in one request, and refuses partial, duplicate or unknown orders', async () => {
    const before = await liveInstrumentIds();
    const wanted = [saxId, ...before.filter((id) => id !== saxId)];
    const res = await call('PUT', '/api/instruments/order', { instrumentIds: wanted });
    expect(res.status).toBe(200);
    expect(ids(res.json.items)).toEqual(wanted);
    expect(await liveInstrumentIds()).toEqual(wanted);

    const partial = await call('PUT', '/api/instruments/order', { instrumentIds: wanted.slice(1) });
    expect(partial.status).toBe(400);
    expect(partial.json.error.fields[0]).toMatchObject({ field: 'instrumentIds', message: expect.stringMatching(/^leaves out instruments: /) });
    const duplicate = await call('PUT', '/api/instruments/order', { instrumentIds: [...wanted, saxId] });
    expect(duplicate.json.error.fields[0].message).toMatch(/more than once/);
    const unknown = await call('PUT', '/api/instruments/order', { instrumentIds: [...wanted, crypto.randomUUID()] });
    expect(unknown.json.error.fields[0].message).toMatch(/not in this order/);
    expect((await call('PUT', '/api/instruments/order', { instrumentIds: [] })).status).toBe(400);
    expect(await liveInstrumentIds()).toEqual(wanted);
  });

  it('keeps one consistent order when two admins reorder at the same time', async () => {
    const current = await liveInstrumentIds();
    const reversed = [...current].reverse();
    const rotated = [...current.slice(1), current[0]];
    const results = await Promise.all([
      call('PUT', '/api/instruments/order', { instrumentIds: reversed }),
      call('PUT', '/api/instruments/order', { instrumentIds: rotated }),
      call('POST', '/api/instruments', { name: 'Piano' }),
    ]);
    // Both full orders are valid against what they replaced, unless the new instrument landed first.
    expect(results[2].status).toBe(201);
    for (const r of results.slice(0, 2)) expect([200, 400]).toContain(r.status);
    const { rows } = await db.query<{ sort_order: number }>(`SELECT sort_order FROM instruments WHERE archived_at IS NULL ORDER BY sort_order`);
    expect(new Set(rows.map((r) => r.sort_order)).size).toBe(rows.length);
    const final = await liveInstrumentIds();
    expect(final).toHaveLength(current.length + 1);
    expect(final.at(-1)).toBe(results[2].json.id);
  });

  it("sets an instrument's seniority order, naming only its own live positions", async () => {
    const res = await call('PUT', `/api/instruments/${saxId}/positions/order`, { positionIds: [tenorId, altoId] });
    expect(res.status).toBe(200);
    expect(ids(res.json.items)).toEqual([tenorId, altoId]);
    expect(res.json.items[0].instrument.name).toBe('Saxofoner');
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM positions WHERE name = 'Harpa'`);
    const foreign = await call('PUT', `/api/instruments/${saxId}/positions/order`, { positionIds: [tenorId, altoId, rows[0].id] });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.fields[0].message).toMatch(/^names positions that are not in this order/);
    expect(await auditActions(saxId)).toContain('position.reorder');
  });

  describe('archive instead of delete', () => {
    let projectId: string;
    let needId: string;
    let musicianId: string;

    it('refuses to archive a position or its instrument while a need of it is open or waiting for answers', async () => {
      const alto = (await call('GET', `/api/positions/${altoId}`)).json;
      const project = await call('POST', '/api/projects', { name: 'Jazz & Swing', startDate: '2027-03-01' });
      projectId = project.json.id;
      const need = await call('POST', `/api/projects/${projectId}/needs`, { positionId: altoId, listId: alto.lists.A, quantity: 1, strategy: 'sequential' });
      expect(need.status).toBe(201);
      needId = need.json.id;

      const open = await call('POST', `/api/positions/${altoId}/archive`);
      expect(open.status).toBe(409);
      expect(open.json.error.message).toMatch(new RegExp(`^Altsaxofon \\(POS\\d+\\) cannot be archived while needs still ask for it: ${need.json.code} \\(Altsaxofon\\) in PROJ\\d+ Jazz & Swing is still active`));

      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO musicians (first_name, last_name, email) VALUES ('Sara', 'Sax', 'sara.sax@example.org') RETURNING id`,
      );
      musicianId = rows[0].id;
      await db.query(
        `INSERT INTO requests (need_id, project_id, musician_id, status, token_hash, sent_at, deadline_at)
         VALUES (:needId::uuid, :projectId::uuid, :musicianId::uuid, 'pending', :hash, now() - interval '1 hour', now() + interval '47 hours')`,
        { needId, projectId, musicianId, hash: randomBytes(32).toString('hex') },
      );
      await db.query(`UPDATE needs SET first_sent_at = now() - interval '1 hour', status = 'paused' WHERE id = :needId::uuid`, { needId });
      const pending = await call('POST', `/api/instruments/${saxId}/archive`);
      expect(pending.status).toBe(409);
      expect(pending.json.error.message).toMatch(/^Saxofoner \(INST015\) cannot be archived .* has 1 request waiting for an answer/);
      const { rows: still } = await db.query<{ archived: number }>(
        `SELECT count(*)::int AS archived FROM positions WHERE instrument_id = :saxId::uuid AND archived_at IS NOT NULL`,
        { saxId },
      );
      expect(still[0].archived).toBe(0);
    });

    it('archives a position with its lists once the need is done; the rows stay and the need still shows them', async () => {
      await db.query(`UPDATE requests SET status = 'accepted', answered_at = now() WHERE need_id = :needId::uuid`, { needId });
      await db.query(`UPDATE needs SET status = 'filled' WHERE id = :needId::uuid`, { needId });

      const res = await call('POST', `/api/positions/${altoId}/archive`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: altoId, archived: true, archivedAt: expect.any(String) });
      const { rows } = await db.query<{ kind: string; archived: boolean }>(
        `SELECT kind, archived_at IS NOT NULL AS archived FROM ranking_lists WHERE position_id = :altoId::uuid ORDER BY kind`,
        { altoId },
      );
      expect(rows).toEqual([{ kind: 'A', archived: true }, { kind: 'B', archived: true }, { kind: 'C', archived: true }]);
      expect((await call('POST', `/api/positions/${altoId}/archive`)).status).toBe(200);
      expect(await auditActions(altoId)).toEqual(['position.create', 'position.archive']);

      const live = await call('GET', `/api/positions?instrumentId=${saxId}`);
      expect(ids(live.json.items)).toEqual([tenorId]);
      const all = await call('GET', `/api/positions?instrumentId=${saxId}&includeArchived=true`);
      expect(all.json.items.map((p: { id: string; archived: boolean }) => [p.id, p.archived])).toEqual([[tenorId, false], [altoId, true]]);
      const need = await call('GET', `/api/projects/${projectId}/needs/${needId}`);
      expect(need.status).toBe(200);
      expect(need.json.position).toMatchObject({ id: altoId, name: 'Altsaxofon' });

      expect((await call('PATCH', `/api/positions/${altoId}`, { name: 'Sopransaxofon' })).status).toBe(409);
      // Its name is free again among the live positions.
      const again = await call('POST', '/api/positions', { instrumentId: saxId, name: 'Altsaxofon' });
      expect(again.status).toBe(201);
      const clash = await call('POST', `/api/positions/${altoId}/restore`);
      expect(clash.status).toBe(409);
      expect(clash.json.error.message).toMatch(/already has a position named Altsaxofon/);
      expect((await call('POST', `/api/positions/${again.json.id}/archive`)).status).toBe(200);

      const restored = await call('POST', `/api/positions/${altoId}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.json.archived).toBe(false);
      const { rows: lists } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ranking_lists WHERE position_id = :altoId::uuid AND archived_at IS NULL`,
        { altoId },
      );
      expect(lists[0].n).toBe(3);
    });

    it('archives an instrument with its positions and lists, and restores exactly those', async () => {
      const res = await call('POST', `/api/instruments/${saxId}/archive`);
      expect(res.status).toBe(200);
      expect(res.json.archived).toBe(true);
      expect(res.json.positions.map((p: { id: string; archived: boolean }) => [p.id, p.archived])).toEqual([[tenorId, true], [altoId, true]]);
      expect(await liveInstrumentIds()).not.toContain(saxId);
      const withArchived = await call('GET', '/api/instruments?includeArchived=true&limit=500');
      expect(withArchived.json.items.at(-1)).toMatchObject({ id: saxId, archived: true });
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ranking_lists l JOIN positions p ON p.id = l.position_id
          WHERE p.instrument_id = :saxId::uuid AND l.archived_at IS NULL`,
        { saxId },
      );
      expect(rows[0].n).toBe(0);

      const addTo = await call('POST', '/api/positions', { instrumentId: saxId, name: 'Barytonsaxofon' });
      expect(addTo.status).toBe(409);
      expect(addTo.json.error.message).toMatch(/Saxofoner \(INST015\) is archived/);
      expect((await call('PUT', '/api/instruments/order', { instrumentIds: [...(await liveInstrumentIds()), saxId] })).status).toBe(400);

      const restored = await call('POST', `/api/instruments/${saxId}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.json.positions.map((p: { id: string; archived: boolean }) => [p.id, p.archived])).toEqual([
        [tenorId, false],
        [altoId, false],
      ]);
      expect((await liveInstrumentIds()).at(-1)).toBe(saxId);
      // The position archived on its own before stays archived.
      const { rows: separate } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM positions WHERE instrument_id = :saxId::uuid AND archived_at IS NOT NULL`,
        { saxId },
      );
      expect(separate[0].n).toBe(1);
      expect(await auditActions(saxId)).toEqual(expect.arrayContaining(['instrument.archive', 'instrument.restore']));
    });

    it('never deletes: there is no DELETE route and archived rows stay in the database', async () => {
      const res = await call('DELETE', `/api/instruments/${saxId}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM instruments WHERE id = :saxId::uuid`, { saxId });
      expect(rows[0].n).toBe(1);
    });
  });

  it('lets only one of two admins creating the same name at once succeed', async () => {
    const positions = await Promise.all([
      call('POST', '/api/positions', { instrumentId: saxId, name: 'Sopransaxofon' }),
      call('POST', '/api/positions', { instrumentId: saxId, name: 'sopransaxofon' }),
    ]);
    expect(positions.map((r) => r.status).sort()).toEqual([201, 409]);
    const instruments = await Promise.all([call('POST', '/api/instruments', { name: 'Cembalo' }), call('POST', '/api/instruments', { name: 'CEMBALO' })]);
    expect(instruments.map((r) => r.status).sort()).toEqual([201, 409]);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ranking_lists l JOIN positions p ON p.id = l.position_id WHERE lower(p.name) = 'sopransaxofon'`);
    expect(rows[0].n).toBe(3);
    const created = positions.find((r) => r.status === 201)!;
    expect((await call('POST', `/api/positions/${created.json.id}/archive`)).status).toBe(200);
  });
});
