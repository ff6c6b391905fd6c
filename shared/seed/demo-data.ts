import type { Database, Queryable } from '../ports/database';
import { demoNotes, internationalNames, swedishFirstNames, swedishLastNames } from './demo-names';
import { seededRandom, type SeededRandom } from './seeded-random';

export interface DemoDataOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same musicians and lists. */
  seed?: number;
  /** "Today" for the demo project's start date (a few weeks ahead). Defaults to the current date. */
  today?: Date;
}

export interface DemoDataResult {
  /** False when the orchestra already had musicians and nothing was added. */
  created: boolean;
  musicians: number;
  projectId: string | null;
}

/** How many demo musicians play each standard instrument as their main one (150 in all). */
const musiciansPerInstrument: Record<string, number> = {
  Violin: 36, Viola: 14, Cello: 13, Kontrabas: 9, Flöjt: 8, Oboe: 8, Klarinett: 9,
  Fagott: 7, Valthorn: 10, Trumpet: 8, Trombon: 8, Tuba: 5, Slagverk: 9, Harpa: 6,
};

/** Doubling that is common in practice: some players also take tutti seats on a second instrument. */
const secondInstrument: Record<string, string> = { Violin: 'Viola', Viola: 'Violin', Trombon: 'Tuba', Tuba: 'Trombon', Cello: 'Kontrabas' };

/** Every position gets at least this many qualified musicians, so its A, B and C lists all have people. */
const minimumQualified = 5;

const demoProject = {
  name: 'Sibelius & Brahms',
  rehearsalSchedule: [
    'Måndag 10.00–13.00 och 14.00–16.00: repetition, Stora salen',
    'Tisdag 10.00–13.00: repetition, Stora salen',
    'Onsdag 10.00–13.00: repetition med solist',
    'Torsdag 10.00–12.00: generalrepetition',
  ].join('\n'),
  concertInfo:
    'Konserter torsdag och fredag kl. 19.00 i Konserthuset. Program: Brahms violinkonsert och Sibelius symfoni nr 2. Klädsel: svart.',
  notes: 'Demoprojekt: förhandsgranska och skicka förfrågningarna från projektsidan.',
};

/** The demo project's needs: one of each strategy, so the demo shows how they differ. */
const demoNeeds = [
  { instrument: 'Violin', position: 'Tutti violin 1', kind: 'A', quantity: 2, strategy: 'sequential', max_recipients: null, response_hours: 48, local_residents_only: false },
  { instrument: 'Cello', position: 'Solocellist', kind: 'A', quantity: 1, strategy: 'parallel', max_recipients: null, response_hours: 24, local_residents_only: false },
  { instrument: 'Viola', position: 'Tutti viola', kind: 'A', quantity: 3, strategy: 'first_come', max_recipients: 6, response_hours: 48, local_residents_only: false },
  { instrument: 'Slagverk', position: 'Puka', kind: 'A', quantity: 1, strategy: 'sequential', max_recipients: null, response_hours: 72, local_residents_only: true },
];

interface PositionRow {
  id: string;
  name: string;
  instrument: string;
}

interface DemoMusician {
  ord: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  language: 'sv' | 'en';
  local_resident: boolean;
  active: boolean;
  notes: string;
  instrument: string;
}

/**
 * Fills the local demo orchestra (already seeded with seedOrchestra) with about 150 musicians, their
 * qualifications, filled A/B/C lists, and one upcoming project with needs of every strategy, ready for
 * preview and send. Deterministic for a seed and a date; does nothing when musicians already exist.
 * Rows go in as a few set-based statements (JSON unpacked in SQL), since the Data API has no arrays and
 * a round trip per row would be slow.
 */
export async function seedDemoData(db: Database, options: DemoDataOptions = {}): Promise<DemoDataResult> {
  const random = seededRandom(options.seed ?? 20_260_101);
  const today = options.today ?? new Date();

  return db.transaction(async (tx) => {
    const { rows: existing } = await tx.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM musicians) AS any`);
    if (existing[0].any) return { created: false, musicians: 0, projectId: null };

    const { rows: positions } = await tx.query<PositionRow>(
      `SELECT p.id, p.name, i.name AS instrument
         FROM positions p JOIN instruments i ON i.id = p.instrument_id
        WHERE p.archived_at IS NULL AND i.archived_at IS NULL
        ORDER BY i.sort_order, p.sort_order, p.code`,
    );
    if (positions.length === 0) throw new Error('seedDemoData needs the standard orchestra: run seedOrchestra first');

    const musicians = buildMusicians(random);
    const qualifications = buildQualifications(random, musicians, positions);
    await insertMusicians(tx, musicians, qualifications);
    await fillRankingLists(tx, random, positions, qualifications);
    const projectId = await insertProject(tx, today);
    return { created: true, musicians: musicians.length, projectId };
  });
}

function buildMusicians(random: SeededRandom): DemoMusician[] {
  const instruments = random.shuffle(Object.entries(musiciansPerInstrument).flatMap(([name, count]) => Array<string>(count).fill(name)));
  const usedEmails = new Set<string>();
  const international = random.shuffle(internationalNames);

  return instruments.map((instrument, index): DemoMusician => {
    // Roughly one in ten comes from abroad.
    const fromAbroad = index % 10 === 7 && international.length > 0;
    const [firstName, lastName] = fromAbroad
      ? international.pop()!
      : [random.pick(swedishFirstNames), random.pick(swedishLastNames)];
    const local = emailPart(firstName) + '.' + emailPart(lastName);
    let email = `${local}@example.com`;
    for (let n = 2; usedEmails.has(email); n += 1) email = `${local}${n}@example.com`;
    usedEmails.add(email);
    return {
      ord: index + 1,
      first_name: firstName,
      last_name: lastName,
      email,
      phone: fromAbroad && random.chance(0.5) ? `+44 7700 900${random.int(100, 999)}` : swedishMobile(random),
      language: fromAbroad || random.chance(0.03) ? 'en' : 'sv',
      local_resident: !fromAbroad && random.chance(0.45),
      active: random.chance(0.94),
      notes: random.chance(0.12) ? random.pick(demoNotes) : '',
      instrument,
    };
  });
}

/** How likely a player of the instrument is to be qualified for a position, by the kind of seat. */
function qualificationChance(position: string, positionsOfInstrument: number, seniority: number): number {
  if (positionsOfInstrument === 1) return 1;
  if (seniority === 0 || /^(Stämledare|Andre konsertmästare)/.test(position)) return 0.35;
  if (/^(Tutti|Andre|Tredje|Fjärde|Slagverk$)/.test(position)) return 0.85;
  return 0.4; // doubling instruments: piccolo, cor anglais, bass clarinet, contrabassoon, timpani …
}

/** Who may play what: position id → emails of the qualified musicians. */
function buildQualifications(random: SeededRandom, musicians: DemoMusician[], positions: PositionRow[]): Map<string, Set<string>> {
  const byInstrument = new Map<string, PositionRow[]>();
  for (const position of positions) byInstrument.set(position.instrument, [...(byInstrument.get(position.instrument) ?? []), position]);
  const qualified = new Map<string, Set<string>>(positions.map((p) => [p.id, new Set<string>()]));

  for (const musician of musicians) {
    const own = byInstrument.get(musician.instrument) ?? [];
    const chances = own.map((p, seniority) => qualificationChance(p.name, own.length, seniority));
    let any = false;
    own.forEach((position, seniority) => {
      if (random.chance(chances[seniority])) {
        qualified.get(position.id)!.add(musician.email);
        any = true;
      }
    });
    // Everyone plays at least the most common seat of their instrument.
    if (!any && own.length > 0) qualified.get(own[chances.lastIndexOf(Math.max(...chances))].id)!.add(musician.email);

    const second = byInstrument.get(secondInstrument[musician.instrument] ?? '');
    if (second && random.chance(0.15)) {
      const tutti = second.filter((p, seniority) => qualificationChance(p.name, second.length, seniority) >= 0.85);
      if (tutti.length > 0) qualified.get(random.pick(tutti).id)!.add(musician.email);
    }
  }

  for (const [instrument, own] of byInstrument) {
    const players = musicians.filter((m) => m.instrument === instrument).map((m) => m.email);
    for (const position of own) {
      const set = qualified.get(position.id)!;
      for (const email of random.shuffle(players)) {
        if (set.size >= minimumQualified) break;
        set.add(email);
      }
    }
  }
  return qualified;
}

async function insertMusicians(tx: Queryable, musicians: DemoMusician[], qualified: Map<string, Set<string>>): Promise<void> {
  await tx.query(
    `INSERT INTO musicians (first_name, last_name, email, phone, language, local_resident, active, notes)
     SELECT r.first_name, r.last_name, r.email, r.phone, r.language, r.local_resident, r.active, r.notes
       FROM jsonb_to_recordset(:rows::jsonb)
         AS r(ord integer, first_name text, last_name text, email text, phone text, language text,
              local_resident boolean, active boolean, notes text)
      ORDER BY r.ord`,
    { rows: musicians.map(({ instrument: _instrument, ...row }) => row) },
  );
  const rows = [...qualified].flatMap(([positionId, emails]) => [...emails].map((email) => ({ email, position_id: positionId })));
  await tx.query(
    `INSERT INTO musician_qualifications (musician_id, position_id)
     SELECT m.id, r.position_id::uuid
       FROM jsonb_to_recordset(:rows::jsonb) AS r(email text, position_id text)
       JOIN musicians m ON lower(m.email) = lower(r.email)`,
    { rows },
  );
}

/**
 * A: the first 4–8 in a per-position order, B: the next few, C: the rest of a few more. Where a position
 * has few players, B and C reuse A's lower half, as real lists often do (one musician, several lists).
 */
async function fillRankingLists(
  tx: Queryable,
  random: SeededRandom,
  positions: PositionRow[],
  qualified: Map<string, Set<string>>,
): Promise<void> {
  const { rows: lists } = await tx.query<{ id: string; position_id: string; kind: string }>(
    `SELECT id, position_id, kind FROM ranking_lists WHERE kind IN ('A', 'B', 'C') AND archived_at IS NULL`,
  );
  const listOf = new Map(lists.map((l) => [`${l.position_id}:${l.kind}`, l.id]));
  const entries: { list_id: string; position_id: string; email: string; rank: number }[] = [];

  for (const position of positions) {
    const order = random.shuffle([...qualified.get(position.id)!].sort());
    const a = order.slice(0, Math.min(order.length, random.int(4, 8)));
    const rest = order.slice(a.length);
    const fallback = [...a].reverse();
    const b = distinct([...rest, ...fallback]).slice(0, Math.min(order.length, random.int(3, 6)));
    const c = distinct([...rest.filter((e) => !b.includes(e)), ...random.shuffle(order)]).slice(0, Math.min(order.length, random.int(3, 6)));
    for (const [kind, members] of [['A', a], ['B', b], ['C', c]] as const) {
      const listId = listOf.get(`${position.id}:${kind}`);
      if (!listId) continue;
      members.forEach((email, index) => entries.push({ list_id: listId, position_id: position.id, email, rank: index + 1 }));
    }
  }

  await tx.query(
    `INSERT INTO ranking_list_entries (list_id, position_id, musician_id, rank)
     SELECT r.list_id::uuid, r.position_id::uuid, m.id, r.rank
       FROM jsonb_to_recordset(:rows::jsonb) AS r(list_id text, position_id text, email text, rank integer)
       JOIN musicians m ON lower(m.email) = lower(r.email)`,
    { rows: entries },
  );
}

async function insertProject(tx: Queryable, today: Date): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO projects (name, start_date, iso_week, rehearsal_schedule, concert_info, notes)
     VALUES (:name, :startDate::date, extract(week FROM :startDate::date), :rehearsalSchedule, :concertInfo, :notes)
     RETURNING id`,
    { ...demoProject, startDate: demoStartDate(today) },
  );
  const projectId = rows[0].id;
  await tx.query(
    `INSERT INTO needs (project_id, position_id, ranking_list_id, quantity, strategy, max_recipients, response_hours, local_residents_only)
     SELECT :projectId::uuid, p.id, l.id, r.quantity, r.strategy, r.max_recipients, r.response_hours, r.local_residents_only
       FROM jsonb_to_recordset(:rows::jsonb)
         AS r(ord integer, instrument text, position text, kind text, quantity integer, strategy text,
              max_recipients integer, response_hours integer, local_residents_only boolean)
       JOIN instruments i ON lower(i.name) = lower(r.instrument) AND i.archived_at IS NULL
       JOIN positions p ON p.instrument_id = i.id AND lower(p.name) = lower(r.position) AND p.archived_at IS NULL
       JOIN ranking_lists l ON l.position_id = p.id AND l.kind = r.kind
      ORDER BY r.ord`,
    { projectId, rows: demoNeeds.map((need, index) => ({ ord: index + 1, ...need })) },
  );
  return projectId;
}

/** The Monday five weeks after today's week, as YYYY-MM-DD. */
export function demoStartDate(today: Date): string {
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday + 35);
  return day.toISOString().slice(0, 10);
}

function swedishMobile(random: SeededRandom): string {
  const digits = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');
  return `+46 7${random.pick(['0', '2', '3', '6', '9'])} ${digits(3)} ${digits(2)} ${digits(2)}`;
}

/** A name as an email local part: lower case ASCII letters only (Åsa → asa, O’Brien → obrien). */
function emailPart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}
