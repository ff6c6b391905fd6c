import { topUpNeeds } from '../../shared/app/engine/top-up-needs';
import type { Clock } from '../../shared/ports/clock';
import type { Database } from '../../shared/ports/database';

/**
 * A running need for request-engine tests: its own project, custom list and musicians (so scenarios in one
 * orchestra never share anyone), sent with the real topUpNeeds. The response links' tokens exist only in
 * the emails, so they are read back from the outbox the way a musician would click them.
 */
export interface Scenario {
  projectId: string;
  needId: string;
  positionId: string;
  listId: string;
  /** In list order, rank 1 first. */
  musicianIds: string[];
  emails: string[];
}

export interface ScenarioOptions {
  label: string;
  strategy: 'sequential' | 'parallel' | 'first_come';
  quantity: number;
  musicians: number;
  maxRecipients?: number | null;
  responseHours?: number;
  language?: 'sv' | 'en';
  startDate?: string;
  positionName?: string;
}

export async function createScenario(db: Database, o: ScenarioOptions): Promise<Scenario> {
  const { rows: positions } = await db.query<{ id: string }>(`SELECT id FROM positions WHERE name = :name`, { name: o.positionName ?? 'Tutti violin 1' });
  const positionId = positions[0].id;
  const startDate = o.startDate ?? '2027-03-14';
  const { rows: projects } = await db.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info)
     VALUES (:name, :startDate::date, extract(week FROM :startDate::date), 'Mån–Ons 10–13', 'Lördag 19.00 i Konserthuset')
     RETURNING id`,
    { name: `Projekt ${o.label}`, startDate },
  );
  const projectId = projects[0].id;
  const { rows: lists } = await db.query<{ id: string }>(
    `INSERT INTO ranking_lists (position_id, kind, project_id) VALUES (:positionId::uuid, 'custom', :projectId::uuid) RETURNING id`,
    { positionId, projectId },
  );
  const listId = lists[0].id;
  const { rows: musicians } = await db.query<{ id: string; email: string }>(
    `INSERT INTO musicians (first_name, last_name, email, language)
     SELECT 'Spelare' || n, :label || ' ' || n, :label || '-' || n || '@example.org', :language
       FROM generate_series(1, :count::int) AS n
      ORDER BY n
     RETURNING id, email`,
    { label: o.label, count: o.musicians, language: o.language ?? 'sv' },
  );
  musicians.sort((a, b) => Number(/-(\d+)@/.exec(a.email)![1]) - Number(/-(\d+)@/.exec(b.email)![1]));
  const ids = musicians.map((m) => m.id);
  await db.query(
    `INSERT INTO musician_qualifications (musician_id, position_id)
     SELECT value::uuid, :positionId::uuid FROM jsonb_array_elements_text(:ids::jsonb)`,
    { ids, positionId },
  );
  await db.query(
    `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
     SELECT :listId::uuid, :positionId::uuid, e.value::uuid, e.ordinality::int
       FROM jsonb_array_elements_text(:ids::jsonb) WITH ORDINALITY AS e`,
    { ids, listId, positionId },
  );
  const { rows: needs } = await db.query<{ id: string }>(
    `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours)
     VALUES (:projectId::uuid, :positionId::uuid, :listId::uuid, :quantity::int, :strategy, :maxRecipients::int, :responseHours::int)
     RETURNING id`,
    { projectId, positionId, listId, quantity: o.quantity, strategy: o.strategy, maxRecipients: o.maxRecipients ?? null, responseHours: o.responseHours ?? 48 },
  );
  return { projectId, needId: needs[0].id, positionId, listId, musicianIds: ids, emails: musicians.map((m) => m.email) };
}

/** Sends the project as the admin's send would. */
export async function sendScenario(db: Database, clock: Clock, orchestraBaseUrl: string, s: Scenario): Promise<void> {
  await db.transaction((tx) => topUpNeeds(tx, { clock, orchestraBaseUrl }, s.projectId, { mode: 'send' }));
}

/** The newest response-link token each musician of the scenario got by email (request or reminder), by musician id. */
export async function linkTokens(db: Database, s: Scenario): Promise<Map<string, string>> {
  const { rows } = await db.query<{ musician_id: string; text_body: string }>(
    `SELECT r.musician_id, o.text_body
       FROM outbox o JOIN requests r ON r.id = o.request_id
      WHERE r.project_id = :projectId::uuid AND o.kind IN ('request', 'reminder')
      ORDER BY o.created_at, o.id`,
    { projectId: s.projectId },
  );
  const tokens = new Map<string, string>();
  for (const row of rows) {
    const match = /\/respond\/([A-Za-z0-9_-]+)/.exec(row.text_body);
    if (match) tokens.set(row.musician_id, match[1]);
  }
  return tokens;
}

export async function requestsOf(db: Database, s: Scenario) {
  const { rows } = await db.query<{ id: string; musician_id: string; status: string; late_answer: string | null; reminded_at: string | null }>(
    `SELECT id, musician_id, status, late_answer, reminded_at FROM requests WHERE project_id = :projectId::uuid ORDER BY created_at, id`,
    { projectId: s.projectId },
  );
  return rows;
}

export async function outboxOf(db: Database, s: Scenario) {
  const { rows } = await db.query<{ id: string; kind: string; to_address: string; text_body: string; attachments: Record<string, string>[]; request_id: string }>(
    `SELECT o.id, o.kind, o.to_address, o.text_body, o.attachments, o.request_id
       FROM outbox o JOIN requests r ON r.id = o.request_id
      WHERE r.project_id = :projectId::uuid
      ORDER BY o.created_at, o.id`,
    { projectId: s.projectId },
  );
  return rows;
}
