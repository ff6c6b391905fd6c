import type { Queryable } from '../../ports/database';

export interface HealthReport {
  ok: boolean;
  databases: { name: 'control' | 'orchestra'; ok: boolean; latencyMs: number }[];
}

/** A trivial query per database, with its latency; a failure is reported, not thrown. */
export async function checkHealth(control: Queryable, orchestra: Queryable | null): Promise<HealthReport> {
  const probe = async (name: 'control' | 'orchestra', db: Queryable) => {
    const started = performance.now();
    try {
      await db.query('SELECT 1 AS ok');
      return { name, ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch {
      return { name, ok: false, latencyMs: Math.round(performance.now() - started) };
    }
  };
  const databases = [await probe('control', control), ...(orchestra ? [await probe('orchestra', orchestra)] : [])];
  return { ok: databases.every((d) => d.ok), databases };
}
