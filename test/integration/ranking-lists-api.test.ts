import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * Ranking lists through the real HTTP server, the middy chain and the orchestra's own PostgreSQL, once per
 * database adapter: A/B/C per position, add (qualified only), remove (ranks close up), reorder (the whole
 * order at once), clear, custom lists per project, and ranks that stay unique and gap-free under
 * concurrent edits.
 */
describe.each(['pg', 'data-api'] as const)('ranking lists API (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let other: Orchestra;
  let cookie: string;
  let db: Database;
  let tuttiId: string;
  let cellistId: string;
  let listA: string;
  let listB: string;
  /** Qualified for Tutti violin 1, in creation order. */
  const players: string[] = [];
  let unqualified: string;
  let archived: string;

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });

  async function addMusician(first: string, last: string, positionIds: string[], opts: { archived?: boolean } = {}): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO musicians (first_name, last_name, email, archived_at)
       VALUES (:first, :last, :email, CASE WHEN :archived::boolean THEN now() END) RETURNING id`,
      { first, last, email: `${first}.${last}@example.org`.toLowerCase(), archived: opts.archived ?? false },
    );
    await db.query(
      `INSERT INTO musician_qualifications (musician_id, position_id) SELECT :id::uuid, value::uuid FROM jsonb_array_elements_text(:positions::jsonb)`,
      { id: rows[0].id, positions: positionIds },
    );
    return rows[0].id;
  }

  async function ranks(listId: string): Promise<{ musician_id: string; rank: number }[]> {
    const { rows } = await db.query<{ musician_id: string; rank: number }>(
      `SELECT musician_id, rank FROM ranking_list_entries WHERE list_id = :listId::uuid ORDER BY rank`,
      { listId },
    );
    return rows;
  }

  async function setOrder(listId: string, ids: string[]) {
    const res = await call('PUT', `/api/ranking-lists/${listId}/order`, { musicianIds: ids });
    expect(res.status).toBe(200);
    return res;
  }

  async function auditCount(action: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = :action`, { action });
    return rows[0].n;
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('lists', { seed: true });
    other = await product.addOrchestra('elsewhere', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
    const { rows } = await db.query<{ id: string; name: string }>(
      `SELECT id, name FROM positions WHERE name IN ('Tutti violin 1', 'Solocellist')`,
    );
    tuttiId = rows.find((r) => r.name === 'Tutti violin 1')!.id;
    cellistId = rows.find((r) => r.name === 'Solocellist')!.id;
    for (const [first, last] of [['Anna', 'Berg'], ['Björn', 'Ek'], ['Clara', 'Lund'], ['David', 'Strand'], ['Eva', 'Holm'], ['Filip', 'Nord']]) {
      players.push(await addMusician(first, last, [tuttiId]));
    }
    unqualified = await addMusician('Gustav', 'Cello', [cellistId]);
    archived = await addMusician('Hanna', 'Gone', [tuttiId], { archived: true });
  });
  afterAll(() => product?.close());

  it('lists the A, B and C lists of a position with their descriptions, empty at first', async () => {
    const res = await call('GET', `/api/ranking-lists?positionId=${tuttiId}`);
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(3);
    expect(res.json.items.map((l: { kind: string }) => l.kind)).toEqual(['A', 'B', 'C']);
    for (const list of res.json.items) {
      expect(list).toMatchObject({ position: { id: tuttiId, name: 'Tutti violin 1' }, instrument: { name: 'Violin' }, entries: [], archived: false });
      expect(list.description.length).toBeGreaterThan(0);
    }
    [listA, listB] = res.json.items.map((l: { id: string }) => l.id);

    const all = await call('GET', '/api/ranking-lists?limit=500');
    expect(all.json.total).toBe(all.json.items.length);
    expect(all.json.total % 3).toBe(0);
    expect(all.json.items.every((l: { kind: string }) => l.kind !== 'custom')).toBe(true);
  });

  it('changes a description, with an audit entry, and refuses one that is too long', async () => {
    const res = await call('PATCH', `/api/ranking-lists/${listA}`, { description: 'Regular extras, asked first' });
    expect(res.status).toBe(200);
    expect(res.json.description).toBe('Regular extras, asked first');
    expect(await auditCount('ranking_list.update')).toBe(1);
    const tooLong = await call('PATCH', `/api/ranking-lists/${listA}`, { description: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fields).toEqual([{ field: 'description', message: 'must be at most 1000 characters' }]);
  });

  it('adds qualified musicians at the end or at a given rank, shifting the others down', async () => {
    for (const id of players.slice(0, 3)) expect((await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: id })).status).toBe(201);
    const res = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: players[3], rank: 2 });
    expect(res.status).toBe(201);
    expect(res.json.entries.map((e: { musicianId: string; rank: number }) => [e.rank, e.musicianId])).toEqual([
      [1, players[0]],
      [2, players[3]],
      [3, players[1]],
      [4, players[2]],
    ]);
    expect(res.json.entries[1]).toMatchObject({ code: expect.stringMatching(/^MUS\d{3}$/), name: 'David Strand', active: true, archived: false });
    expect(await auditCount('ranking_list.add_entry')).toBe(4);
  });

  it('refuses musicians who are not qualified, archived, unknown or already on the list', async () => {
    const notQualified = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: unqualified });
    expect(notQualified.status).toBe(422);
    expect(notQualified.json.error.message).toMatch(/Gustav Cello \(MUS\d+\) is not qualified for Tutti violin 1/);
    const gone = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: archived });
    expect(gone.status).toBe(422);
    expect(gone.json.error.message).toMatch(/archived/);
    const twice = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: players[0] });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/Anna Berg \(MUS\d+\) is already on LIST\d+ at rank 1/);
    const unknown = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: crypto.randomUUID() });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual([{ field: 'musicianId', message: 'no such musician' }]);
    const farRank = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: players[4], rank: 9 });
    expect(farRank.status).toBe(400);
    expect(farRank.json.error.fields[0]).toMatchObject({ field: 'rank', message: expect.stringMatching(/from 1 to 5/) });
    const badBody = await call('POST', `/api/ranking-lists/${listA}/entries`, { musicianId: 'nope', rank: 0 });
    expect(badBody.status).toBe(400);
    expect(badBody.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['musicianId', 'rank']);
    // Nothing of the refused adds was written.
    expect((await ranks(listA)).map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it('removes a musician and closes up the ranks', async () => {
    const res = await call('DELETE', `/api/ranking-lists/${listA}/entries/${players[3]}`);
    expect(res.status).toBe(200);
    expect(res.json.entries.map((e: { musicianId: string }) => e.musicianId)).toEqual(players.slice(0, 3));
    expect((await ranks(listA)).map((r) => r.rank)).toEqual([1, 2, 3]);
    const again = await call('DELETE', `/api/ranking-lists/${listA}/entries/${players[3]}`);
    expect(again.status).toBe(404);
  });

  it('sets the whole order in one request and refuses an order that is not exactly the list', async () => {
    const wanted = [players[2], players[0], players[1]];
    const res = await setOrder(listA, wanted);
    expect(res.json.entries.map((e: { musicianId: string; rank: number }) => [e.rank, e.musicianId])).toEqual(wanted.map((id, i) => [i + 1, id]));

    for (const ids of [
      [players[2], players[0]],
      [players[2], players[0], players[1], players[4]],
      [players[2], players[0], players[0], players[1]],
    ]) {
      const refused = await call('PUT', `/api/ranking-lists/${listA}/order`, { musicianIds: ids });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields[0].field).toBe('musicianIds');
    }
    expect((await ranks(listA)).map((r) => r.musician_id)).toEqual(wanted);
    expect(await auditCount('ranking_list.reorder')).toBe(1);
  });

  it('clears a list', async () => {
    await call('POST', `/api/ranking-lists/${listB}/entries`, { musicianId: players[0] });
    const res = await call('POST', `/api/ranking-lists/${listB}/clear`);
    expect(res.status).toBe(200);
    expect(res.json.entries).toEqual([]);
    expect(await ranks(listB)).toEqual([]);
    // The musician and the other lists are untouched.
    expect((await ranks(listA)).length).toBe(3);
  });

  it('answers 404 for unknown lists and for lists of another orchestra, 400 for a malformed id', async () => {
    expect((await call('GET', `/api/ranking-lists/${crypto.randomUUID()}`)).status).toBe(404);
    const theirs = await (await product.orchestraDb(other)).query<{ id: string }>(`SELECT id FROM ranking_lists LIMIT 1`);
    expect((await call('GET', `/api/ranking-lists/${theirs.rows[0].id}`)).status).toBe(404);
    expect((await call('POST', `/api/ranking-lists/${theirs.rows[0].id}/clear`)).status).toBe(404);
    const bad = await call('GET', '/api/ranking-lists/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual([{ field: 'id', message: 'must be an id (UUID)' }]);
    expect((await product.call('GET', `/api/ranking-lists/${listA}`, { host: orchestra.host })).status).toBe(401);
  });

  describe('custom lists', () => {
    let projectId: string;
    let otherProjectId: string;

    beforeAll(async () => {
      const p1 = await call('POST', '/api/projects', { name: 'Mahler 5', startDate: '2027-03-01' });
      const p2 = await call('POST', '/api/projects', { name: 'Messiah', startDate: '2027-12-10' });
      projectId = p1.json.id;
      otherProjectId = p2.json.id;
    });

    it('creates an empty custom list, and only one per project and position', async () => {
      const res = await call('POST', `/api/projects/${projectId}/custom-lists`, { positionId: cellistId });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ kind: 'custom', label: expect.stringMatching(/^Custom \(PROJ\d+\)$/), project: { id: projectId }, entries: [] });
      const twice = await call('POST', `/api/projects/${projectId}/custom-lists`, { positionId: cellistId });
      expect(twice.status).toBe(409);
      expect(twice.json.error.message).toMatch(/PROJ\d+ already has a custom list for Solocellist \(LIST\d+\)/);
    });

    it("copies an A list's order, and a custom list can be copied again for another project", async () => {
      const copy = await call('POST', `/api/projects/${projectId}/custom-lists`, { positionId: tuttiId, copyFromListId: listA });
      expect(copy.status).toBe(201);
      const order = (await ranks(listA)).map((r) => r.musician_id);
      expect(copy.json.entries.map((e: { musicianId: string; rank: number }) => [e.rank, e.musicianId])).toEqual(order.map((id, i) => [i + 1, id]));
      expect(copy.json.description).toMatch(/copied from the A list/);

      // Editing the copy leaves the A list alone.
      await call('DELETE', `/api/ranking-lists/${copy.json.id}/entries/${order[0]}`);
      expect((await ranks(listA)).map((r) => r.musician_id)).toEqual(order);

      const again = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: tuttiId, copyFromListId: copy.json.id });
      // Earlier custom lists of a position are found across projects, to copy from.
      const earlier = await call('GET', `/api/ranking-lists?positionId=${tuttiId}&allCustom=true`);
      expect(earlier.json.items.filter((l: { kind: string }) => l.kind === 'custom').map((l: { id: string }) => l.id)).toContain(copy.json.id);
      // Each carries its project's name and start date, for the web app to date the choice.
      expect(earlier.json.items.find((l: { id: string }) => l.id === copy.json.id).project).toEqual({ id: projectId, code: expect.stringMatching(/^PROJ\d+$/), name: 'Mahler 5', startDate: '2027-03-01' });
      expect((await call('GET', `/api/ranking-lists?positionId=${tuttiId}`)).json.items.some((l: { kind: string }) => l.kind === 'custom')).toBe(false);
      expect(again.status).toBe(201);
      expect(again.json.entries.map((e: { musicianId: string }) => e.musicianId)).toEqual(order.slice(1));
      expect(again.json.entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2]);

      const listed = await call('GET', `/api/ranking-lists?positionId=${tuttiId}&projectId=${projectId}`);
      expect(listed.json.items.map((l: { kind: string }) => l.kind)).toEqual(['A', 'B', 'C', 'custom']);
      expect(listed.json.items[3].id).toBe(copy.json.id);
    });

    it('refuses a source list of another position, an unknown project and bad input', async () => {
      const wrong = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: cellistId, copyFromListId: listA });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error.fields).toEqual([{ field: 'copyFromListId', message: 'is a list of another position than Solocellist' }]);
      expect((await call('POST', `/api/projects/${crypto.randomUUID()}/custom-lists`, { positionId: cellistId })).status).toBe(404);
      const bad = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, {});
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields).toEqual([{ field: 'positionId', message: 'is required' }]);
      const noPosition = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: crypto.randomUUID() });
      expect(noPosition.status).toBe(400);
    });

    it('deletes an unused custom list, archives one a need used, refuses one a live need uses and standard lists', async () => {
      const unused = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: cellistId });
      expect((await call('DELETE', `/api/ranking-lists/${unused.json.id}`)).status).toBe(204);
      expect((await call('GET', `/api/ranking-lists/${unused.json.id}`)).status).toBe(404);
      expect(await auditCount('ranking_list.delete')).toBe(1);

      const used = await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: cellistId });
      const need = await call('POST', `/api/projects/${otherProjectId}/needs`, { positionId: cellistId, listId: used.json.id, quantity: 1, strategy: 'sequential' });
      expect(need.status).toBe(201);
      const refused = await call('DELETE', `/api/ranking-lists/${used.json.id}`);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(new RegExp(`used by ${need.json.code}`));

      expect((await call('POST', `/api/projects/${otherProjectId}/needs/${need.json.id}/archive`)).status).toBe(200);
      const archivedList = await call('DELETE', `/api/ranking-lists/${used.json.id}`);
      expect(archivedList.status).toBe(200);
      expect(archivedList.json.archived).toBe(true);
      // Kept for history, no longer editable, and the position may get a fresh custom list.
      expect((await call('POST', `/api/ranking-lists/${used.json.id}/entries`, { musicianId: unqualified })).status).toBe(409);
      expect((await call('POST', `/api/projects/${otherProjectId}/custom-lists`, { positionId: cellistId })).status).toBe(201);

      const standard = await call('DELETE', `/api/ranking-lists/${listB}`);
      expect(standard.status).toBe(409);
      expect(standard.json.error.message).toMatch(/standard lists cannot be removed/);
    });
  });

  it('keeps ranks unique and gap-free under simultaneous reorders, adds and removes on one list', async () => {
    const listC = (await call('GET', `/api/ranking-lists?positionId=${tuttiId}`)).json.items[2].id as string;
    const extra: string[] = [];
    for (let i = 0; i < 6; i++) extra.push(await addMusician(`Extra${i}`, `Player${i}`, [tuttiId]));
    for (const id of players.slice(0, 4)) await call('POST', `/api/ranking-lists/${listC}/entries`, { musicianId: id });
    const start = players.slice(0, 4);

    const reorders = Array.from({ length: 6 }, (_, i) => {
      const ids = [...start];
      ids.push(ids.splice(i % ids.length, 1)[0]);
      return call('PUT', `/api/ranking-lists/${listC}/order`, { musicianIds: i % 2 ? ids.reverse() : ids });
    });
    const adds = extra.map((id, i) => call('POST', `/api/ranking-lists/${listC}/entries`, { musicianId: id, ...(i % 2 ? { rank: 1 } : {}) }));
    const removes = [call('DELETE', `/api/ranking-lists/${listC}/entries/${players[3]}`)];
    const [reorderResults, addResults, removeResults] = await Promise.all([Promise.all(reorders), Promise.all(adds), Promise.all(removes)]);

    // Adds and the remove always succeed; a reorder succeeds, or (if an add or the remove ran first and
    // its order is no longer the whole list) is refused as stale — never a server error.
    expect(addResults.map((r) => r.status)).toEqual(extra.map(() => 201));
    expect(removeResults.map((r) => r.status)).toEqual([200]);
    for (const r of reorderResults) expect([200, 400]).toContain(r.status);

    const final = await ranks(listC);
    expect(final.map((r) => r.rank)).toEqual(Array.from({ length: final.length }, (_, i) => i + 1));
    expect(new Set(final.map((r) => r.musician_id))).toEqual(new Set([...players.slice(0, 3), ...extra]));
  });
});
