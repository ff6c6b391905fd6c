import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBaseUrl } from '../../shared/config/app-config';
import type { Database } from '../../shared/ports/database';
import { createScenario, linkTokens, outboxOf, requestsOf, sendScenario } from '../support/engine-scenario';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * SPEC §3.6 under real concurrency on the real PostgreSQL: answers arrive at the same moment through the
 * HTTP server, each on its own connection, and the guarantees must hold whatever the interleaving.
 */
describe('respond under concurrency (pg adapter)', () => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let db: Database;

  const post = (token: string, answer: 'yes' | 'no') => product.call('POST', `/api/respond/${token}`, { host: orchestra.host, body: { answer } });

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    orchestra = await product.addOrchestra('rush', { seed: true });
    db = await product.orchestraDb(orchestra);
  });
  afterAll(() => product?.close());

  it('50 simultaneous yes-answers to a first_come need of 3: exactly 3 booked, 47 told the seat is filled', async () => {
    const s = await createScenario(db, { label: 'rush', strategy: 'first_come', quantity: 3, musicians: 50 });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    const tokens = await linkTokens(db, s);
    expect(tokens.size).toBe(50);

    const responses = await Promise.all(s.musicianIds.map((id) => post(tokens.get(id)!, 'yes')));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const states = responses.map((r) => r.json.state);
    expect(states.filter((x) => x === 'accepted')).toHaveLength(3);
    expect(states.filter((x) => x === 'filled')).toHaveLength(47);

    const requests = await requestsOf(db, s);
    expect(requests.filter((r) => r.status === 'accepted')).toHaveLength(3);
    expect(requests.filter((r) => r.status === 'cancelled' && r.late_answer === 'yes')).toHaveLength(47);
    const { rows: need } = await db.query<{ status: string }>(`SELECT status FROM needs WHERE id = :id::uuid`, { id: s.needId });
    expect(need[0].status).toBe('filled');

    const outbox = await outboxOf(db, s);
    expect(outbox.filter((m) => m.kind === 'confirmation')).toHaveLength(3);
    const filledMails = outbox.filter((m) => m.kind === 'position_filled');
    // Everyone not booked hears it exactly once.
    expect(filledMails).toHaveLength(47);
    expect(new Set(filledMails.map((m) => m.request_id)).size).toBe(47);
  });

  it('the same token posted 20 times at once: one effect, 20 identical answers', async () => {
    const s = await createScenario(db, { label: 'double', strategy: 'sequential', quantity: 1, musicians: 2 });
    await sendScenario(db, product.clock, publicBaseUrl(product.runtime.config, orchestra.record.subdomain), s);
    const token = (await linkTokens(db, s)).get(s.musicianIds[0])!;

    // Mixed answers, as from two tabs: whichever arrives first decides, every response shows that result.
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(token, i % 2 === 0 ? 'yes' : 'no')));
    const first = responses[0];
    expect(['accepted', 'declined']).toContain(first.json.state);
    for (const res of responses) {
      expect(res.status).toBe(first.status);
      expect(res.json).toEqual(first.json);
    }
    const requests = await requestsOf(db, s);
    const outbox = await outboxOf(db, s);
    if (first.json.state === 'accepted') {
      expect(requests.map((r) => r.status)).toEqual(['accepted']);
      expect(outbox.filter((m) => m.kind === 'confirmation')).toHaveLength(1);
    } else {
      // One no, so exactly one refill: the second musician asked once.
      expect(requests.map((r) => r.status)).toEqual(['declined', 'pending']);
      expect(outbox.filter((m) => m.kind === 'request')).toHaveLength(2);
    }
  });
});
