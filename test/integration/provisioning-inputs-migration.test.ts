import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../shared/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Control migration 0003 keeps what an orchestra was provisioned with. An orchestra created before it keeps
 * the backup its creation restored from (read from the creation's audit row), so retrying a failed restore
 * made before the upgrade restores again instead of making an empty orchestra.
 */
describe('control migration 0003 (provisioning inputs)', () => {
  let folder: string;
  let db: TestDatabase;
  afterAll(async () => {
    await db?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('fills in the backup of orchestras created before it from their creation audit row', async () => {
    folder = await mkdtemp(join(tmpdir(), 'control-0003-'));
    await mkdir(join(folder, 'control'));
    const repository = new URL('../../migrations/control/', import.meta.url).pathname;
    const take = (file: string) => copyFile(join(repository, file), join(folder, 'control', file));
    await take('0001_registry_and_accounts.sql');
    await take('0002_workflow_runs.sql');
    db = await createTestDatabase('empty');
    await migrate(db.pg, 'control', { directory: folder });

    const orchestra = async (subdomain: string, restoreFrom: string | null) => {
      const { rows } = await db.pg.query<{ id: string }>(
        `INSERT INTO orchestras (code, name, subdomain, contact_email, status, database_name, secret_ref)
         VALUES (:code, :subdomain, :subdomain, 'office@example.org', 'failed', :subdomain, :subdomain) RETURNING id::text AS id`,
        { code: `ORCH-${subdomain}`, subdomain },
      );
      await db.pg.query(`INSERT INTO audit_log (action, entity_type, entity_id, after) VALUES ('orchestra.create', 'orchestra', :id, :after::jsonb)`, {
        id: rows[0].id,
        after: { name: subdomain, subdomain, restoreFrom },
      });
      return rows[0].id;
    };
    const restored = await orchestra('restored', 'orchestras/x/backups/2026-01-01T00-00-00-000Z.json');
    const seeded = await orchestra('seeded', null);

    await take('0003_provisioning_inputs.sql');
    expect((await migrate(db.pg, 'control', { directory: folder })).applied).toEqual(['0003_provisioning_inputs.sql']);
    const { rows } = await db.pg.query<{ id: string; restoreFrom: string | null; firstAdminEmail: string | null }>(
      `SELECT id::text AS id, restore_from AS "restoreFrom", first_admin_email AS "firstAdminEmail" FROM orchestras ORDER BY subdomain`,
    );
    expect(rows).toEqual([
      { id: restored, restoreFrom: 'orchestras/x/backups/2026-01-01T00-00-00-000Z.json', firstAdminEmail: null },
      { id: seeded, restoreFrom: null, firstAdminEmail: null },
    ]);
  });
});
