import type { Queryable } from '../ports/database';

/** One row of the control database's orchestra registry, as tenancy needs it. */
export interface OrchestraRecord {
  id: string;
  code: string;
  name: string;
  subdomain: string;
  status: 'provisioning' | 'active' | 'suspended' | 'failed' | 'archived';
  plan: 'small' | 'medium' | 'institution';
  databaseName: string;
  secretRef: string;
}

const selectOrchestra = `
  SELECT id::text AS id, code, name, subdomain, status, plan, database_name AS "databaseName", secret_ref AS "secretRef"
    FROM orchestras`;

export async function findOrchestraBySubdomain(db: Queryable, subdomain: string): Promise<OrchestraRecord | null> {
  const { rows } = await db.query<OrchestraRecord>(`${selectOrchestra} WHERE subdomain = :subdomain`, { subdomain });
  return rows[0] ?? null;
}

export async function findOrchestraById(db: Queryable, id: string): Promise<OrchestraRecord | null> {
  const { rows } = await db.query<OrchestraRecord>(`${selectOrchestra} WHERE id = :id::uuid`, { id });
  return rows[0] ?? null;
}

/**
 * Host lookups happen on every request; a short cache of active orchestras spares the control database
 * for reads. A request that changes something asks for a fresh row (which also refreshes the cache), so a
 * suspension applies at once to every mutating route, login included, in every function; a read may see
 * the orchestra active for up to the TTL. Any other status is never cached: a resume is seen at once.
 */
export class CachedOrchestraRegistry {
  private readonly entries = new Map<string, { record: OrchestraRecord | null; expiresAt: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {}

  async bySubdomain(subdomain: string, options: { fresh?: boolean } = {}): Promise<OrchestraRecord | null> {
    const hit = this.entries.get(subdomain);
    if (!options.fresh && hit && hit.expiresAt > this.now()) return hit.record;
    const record = await findOrchestraBySubdomain(this.db, subdomain);
    if (record?.status === 'active') this.entries.set(subdomain, { record, expiresAt: this.now() + this.ttlMs });
    else this.entries.delete(subdomain);
    return record;
  }

  forget(subdomain: string): void {
    this.entries.delete(subdomain);
  }
}
