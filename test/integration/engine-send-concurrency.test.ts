import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';
import { createEngineProject } from './engine-fixtures';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * SPEC §3.6 on the real PostgreSQL: "a musician never holds two live requests in one project, whatever number
 * of admins send at once". Sends of one project are serialised by the project row lock, so ten at once write
 * exactly what one send would, and none of them fails.
 */
describe.each(['pg', 'data-api'] as const)('engine: simultaneous sends (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let cookie: string;
  let db: Database;

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('sends', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('ten simultaneous sends of one project ask each musician once and write one send’s requests', async () => {
    // Overlapping lists, so the needs compete for the same musicians in one batch.
    const fx = await createEngineProject(db, {
      musicians: 12,
      needs: [
        { position: 'Tutti violin 1', list: [0, 1, 2, 3, 4, 5, 6, 7], quantity: 3, strategy: 'parallel' },
        { position: 'Tutti viola', list: [2, 3, 8, 9, 10, 11], quantity: 2, strategy: 'first_come', maxRecipients: 3 },
      ],
    });
    const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
    const preview = await call('GET', `/api/projects/${fx.projectId}/preview`);
    const planned = preview.json.needs.flatMap((n: { needId: string; asks: { musicianId: string }[] }) => n.asks.map((a) => `${n.needId}:${a.musicianId}`));
    expect(planned).toHaveLength(6);

    const results = await Promise.all(Array.from({ length: 10 }, () => call('POST', `/api/projects/${fx.projectId}/send`, {})));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Exactly one of them found anything to send; the others saw its requests pending and waited.
    const written = results.flatMap((r) => r.json.requests.map((q: { needId: string; musicianId: string }) => `${q.needId}:${q.musicianId}`));
    expect(written.sort()).toEqual([...planned].sort());

    const { rows } = await db.query<{ musicianId: string; live: number }>(
      `SELECT musician_id AS "musicianId", count(*)::int AS live FROM requests
        WHERE project_id = :p::uuid AND status <> 'cancelled' GROUP BY musician_id`,
      { p: fx.projectId },
    );
    expect(rows.every((r) => r.live === 1)).toBe(true);
    expect(rows).toHaveLength(planned.length);
    const { rows: mails } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE request_id IN (SELECT id FROM requests WHERE project_id = :p::uuid)`,
      { p: fx.projectId },
    );
    expect(mails[0].n).toBe(planned.length);
  });

  it('of ten simultaneous sends carrying one preview’s fingerprint, one sends and nine get 409 with a fresh preview', async () => {
    const fx = await createEngineProject(db, {
      musicians: 6,
      needs: [{ position: 'Tutti violin 1', list: [0, 1, 2, 3, 4, 5], quantity: 2, strategy: 'parallel' }],
    });
    const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
    const preview = await call('GET', `/api/projects/${fx.projectId}/preview`);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', `/api/projects/${fx.projectId}/send`, { fingerprint: preview.json.fingerprint })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const ok = results.find((r) => r.status === 200)!;
    expect(ok.json.fingerprint).toBe(preview.json.fingerprint);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.json.error.code).toBe('plan_changed');
      expect(refused.json.preview.needs[0]).toMatchObject({ asks: [], idle: 'waiting_for_answers', pending: 2 });
    }
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE project_id = :p::uuid`, { p: fx.projectId });
    expect(rows[0].n).toBe(2);
  });
});
