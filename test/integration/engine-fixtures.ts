import { randomBytes } from 'node:crypto';
import type { Database } from '../../shared/ports/database';

export interface EngineNeedSpec {
  position: 'Tutti violin 1' | 'Tutti viola';
  /** Indexes into the project's musicians, rank 1 first. */
  list: number[];
  quantity: number;
  strategy: 'sequential' | 'parallel' | 'first_come';
  maxRecipients?: number;
  responseHours?: number;
}

export interface EngineProjectFixture {
  projectId: string;
  needIds: string[];
  musicians: { id: string; email: string; firstName: string; lastName: string; code: string }[];
}

/**
 * A project written straight to the orchestra database for the engine's tests: musicians qualified on two
 * positions, the project's custom list per need (so projects in one file never share a list), and its needs.
 */
export async function createEngineProject(db: Database, spec: { musicians: number; needs: EngineNeedSpec[]; name?: string }): Promise<EngineProjectFixture> {
  const tag = randomBytes(4).toString('hex');
  const { rows: musicians } = await db.query<{ id: string; email: string; firstName: string; lastName: string; code: string }>(
    `INSERT INTO musicians (first_name, last_name, email, language, local_resident)
     SELECT 'Player' || n, 'Of ' || :tag, 'p' || n || '-' || :tag || '@example.org', CASE WHEN n % 2 = 0 THEN 'en' ELSE 'sv' END, true
       FROM generate_series(1, :count::int) AS n ORDER BY n
     RETURNING id, email, first_name AS "firstName", last_name AS "lastName", code`,
    { tag, count: spec.musicians },
  );
  musicians.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  const { rows: positions } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM positions WHERE name IN ('Tutti violin 1', 'Tutti viola')`,
  );
  const positionId = (name: string) => positions.find((p) => p.name === name)!.id;
  await db.query(
    `INSERT INTO musician_qualifications (musician_id, position_id)
     SELECT m.id::uuid, p.id FROM jsonb_array_elements_text(:ids::jsonb) AS m(id) CROSS JOIN positions p
      WHERE p.name IN ('Tutti violin 1', 'Tutti viola')`,
    { ids: musicians.map((m) => m.id) },
  );
  const { rows: project } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info)
     VALUES (:name, '2027-03-15', extract(week FROM '2027-03-15'::date), 'Mån 10–13', 'Konserthuset <stora salen>') RETURNING id`,
    { name: spec.name ?? `Engine project ${tag}` },
  );
  const projectId = project[0].id;
  const needIds: string[] = [];
  const lists = new Map<string, string>();
  for (const need of spec.needs) {
    const pos = positionId(need.position);
    let listId = lists.get(pos);
    if (!listId) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO ranking_lists (position_id, kind, project_id) VALUES (:pos::uuid, 'custom', :projectId::uuid) RETURNING id`,
        { pos, projectId },
      );
      listId = rows[0].id;
      lists.set(pos, listId);
      await db.query(
        `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
         SELECT :listId::uuid, :pos::uuid, (e->>'id')::uuid, (e->>'rank')::int FROM jsonb_array_elements(:entries::jsonb) e`,
        { listId, pos, entries: need.list.map((i, r) => ({ id: musicians[i].id, rank: r + 1 })) },
      );
    }
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours)
       VALUES (:projectId::uuid, :pos::uuid, :listId::uuid, :quantity::int, :strategy, :max::int, :hours::int) RETURNING id`,
      {
        projectId,
        pos,
        listId,
        quantity: need.quantity,
        strategy: need.strategy,
        max: need.maxRecipients ?? null,
        hours: need.responseHours ?? 48,
      },
    );
    needIds.push(rows[0].id);
  }
  return { projectId, needIds, musicians };
}
