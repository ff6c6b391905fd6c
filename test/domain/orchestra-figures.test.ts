import { describe, expect, it } from 'vitest';
import { gatherFigures } from '../../shared/app/superadmin/orchestra-figures';
import { mapBounded } from '../../shared/app/superadmin/map-bounded';
import type { Database } from '../../shared/ports/database';
import type { OrchestraRecord } from '../../shared/tenancy/orchestra-registry';

/** The superadmin's list asks many databases: a bounded number at once, each within a deadline. */
const orchestra = (id: string, status: OrchestraRecord['status'] = 'active'): OrchestraRecord => ({
  id,
  code: id,
  name: id,
  subdomain: id,
  status,
  plan: 'small',
  databaseName: id,
  secretRef: id,
});

const answering: Database = {
  async query<Row>() {
    // One row that answers every figure query: counts (n), pending requests and the rest.
    return { rows: [{ n: 3, pendingRequests: 2, lastActivityAt: null, schemaVersion: '0001' }] as Row[], rowCount: 1 };
  },
  transaction: () => Promise.reject(new Error('not used')),
  close: async () => undefined,
};

describe('gatherFigures', () => {
  it('reports a database that never answers as unreachable and still answers for the others', async () => {
    const figures = await gatherFigures(
      {
        orchestraDatabase: async (o) =>
          o.id === 'hung' ? { ...answering, query: () => new Promise<never>(() => undefined) } : answering,
        now: new Date(),
      },
      [orchestra('ok'), orchestra('hung'), orchestra('gone', 'archived')],
      { concurrency: 2, timeoutMs: 20 },
    );
    expect(figures.get('ok')).toMatchObject({ figures: { musicians: 3, activeProjects: 3, pendingRequests: 2 }, health: { status: 'ok' } });
    expect(figures.get('hung')).toEqual({ figures: null, health: { status: 'unreachable', error: 'no answer within 20 ms' } });
    expect(figures.get('gone')).toEqual({ figures: null, health: { status: 'not_applicable' } });
  });

  it('reports a database that refuses the connection as unreachable', async () => {
    const figures = await gatherFigures({ orchestraDatabase: () => Promise.reject(new Error('password authentication failed')), now: new Date() }, [orchestra('x')]);
    expect(figures.get('x')?.health).toEqual({ status: 'unreachable', error: 'password authentication failed' });
  });
});

describe('mapBounded', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const result = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 10;
    });
    expect(result).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBeLessThanOrEqual(3);
    expect(await mapBounded([], 3, async (n) => n)).toEqual([]);
  });
});
