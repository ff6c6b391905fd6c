import type { PlanUsage } from '../../domain/plan-limits';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { MusicianLanguage, MusiciansQuery } from '../../schemas/musicians';
import type { Page } from '../../schemas/paging';

export interface QualificationView {
  positionId: string;
  positionName: string;
  instrumentId: string;
  instrumentName: string;
  /** The position (or its instrument) is archived; the qualification is kept for history. */
  archived: boolean;
}

export interface MusicianView {
  id: string;
  code: string;
  firstName: string;
  lastName: string;
  /** "Anna Berg", or "(erased MUS004)" once erased. */
  name: string;
  email: string | null;
  phone: string | null;
  language: MusicianLanguage;
  localResident: boolean;
  notes: string;
  active: boolean;
  /** archived wins over inactive; erased musicians are always archived too. */
  status: 'active' | 'inactive' | 'archived';
  /** 'failing' once mail to the address bounced or was refused; back to 'ok' when the address changes. */
  emailStatus: 'ok' | 'failing';
  emailStatusChangedAt: string | null;
  archivedAt: string | null;
  erased: boolean;
  erasedAt: string | null;
  qualifications: QualificationView[];
  createdAt: string;
  updatedAt: string;
}

/** GET /api/musicians: one page of musicians, and how much of the plan's musician limit is used. */
export interface MusicianList extends Page<MusicianView> {
  plan: PlanUsage;
}

interface MusicianRow {
  id: string;
  code: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  language: MusicianLanguage;
  local_resident: boolean;
  notes: string;
  active: boolean;
  email_status: 'ok' | 'failing';
  email_status_changed_at: string | null;
  archived_at: string | null;
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

const musicianColumns = `m.id, m.code, m.first_name, m.last_name, m.email, m.phone, m.language, m.local_resident, m.notes, m.active,
  m.email_status, m.email_status_changed_at, m.archived_at, m.erased_at, m.created_at, m.updated_at`;

// Erased musicians are never listed: they have no name left to show. They stay readable by id, so old
// requests and audit entries still resolve to "(erased MUS004)".
const listFilter = `
  WHERE m.erased_at IS NULL
    AND CASE coalesce(:status::text, 'current')
          WHEN 'current' THEN m.archived_at IS NULL
          WHEN 'active' THEN m.archived_at IS NULL AND m.active
          WHEN 'inactive' THEN m.archived_at IS NULL AND NOT m.active
          ELSE m.archived_at IS NOT NULL
        END
    AND (:localResident::boolean IS NULL OR m.local_resident = :localResident::boolean)
    AND (:positionId::uuid IS NULL OR EXISTS (
          SELECT 1 FROM musician_qualifications q WHERE q.musician_id = m.id AND q.position_id = :positionId::uuid))
    AND (:instrumentId::uuid IS NULL OR EXISTS (
          SELECT 1 FROM musician_qualifications q JOIN positions p ON p.id = q.position_id
           WHERE q.musician_id = m.id AND p.instrument_id = :instrumentId::uuid))
    AND (:search::text IS NULL
         OR strpos(lower(m.first_name || ' ' || m.last_name), lower(:search::text)) > 0
         OR strpos(lower(m.last_name || ' ' || m.first_name), lower(:search::text)) > 0
         OR strpos(lower(m.email), lower(:search::text)) > 0
         OR strpos(lower(m.code), lower(:search::text)) > 0)`;

/**
 * Sort keys map to fixed SQL (never user text); ties break on the code, so pages are stable. Names sort
 * in Swedish order (… Z, Å, Ä, Ö) through the ICU collation both the embedded PostgreSQL and Aurora have.
 */
const sortColumns: Record<MusiciansQuery['sort'], string> = {
  lastName: 'lower(m.last_name) COLLATE "sv-x-icu" {dir}, lower(m.first_name) COLLATE "sv-x-icu" {dir}',
  firstName: 'lower(m.first_name) COLLATE "sv-x-icu" {dir}, lower(m.last_name) COLLATE "sv-x-icu" {dir}',
  code: 'length(m.code) {dir}, m.code {dir}',
  createdAt: 'm.created_at {dir}',
};

function orderBy(query: Pick<MusiciansQuery, 'sort' | 'order'>): string {
  const dir = query.order === 'desc' ? 'DESC' : 'ASC';
  // Codes of equal length sort as numbers would (MUS009 < MUS010); longer codes come later.
  return `ORDER BY ${sortColumns[query.sort].replaceAll('{dir}', dir)}, length(m.code) ${dir}, m.code ${dir}`;
}

export async function listMusicians(db: Queryable, query: MusiciansQuery): Promise<Page<MusicianView>> {
  const params = {
    status: query.status ?? null,
    localResident: query.localResident ?? null,
    positionId: query.positionId ?? null,
    instrumentId: query.instrumentId ?? null,
    search: query.search ? query.search : null,
  };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM musicians m ${listFilter}`, params);
  const { rows } = await db.query<MusicianRow>(
    `SELECT ${musicianColumns} FROM musicians m ${listFilter} ${orderBy(query)} LIMIT :limit OFFSET :offset`,
    { ...params, limit: query.limit, offset: query.offset },
  );
  return { items: await withQualifications(db, rows), total: counted[0].total };
}

/** One musician; 404 when the id is not a musician of this orchestra. */
export async function getMusician(db: Queryable, id: string): Promise<MusicianView> {
  const { rows } = await db.query<MusicianRow>(`SELECT ${musicianColumns} FROM musicians m WHERE m.id = :id::uuid`, { id });
  if (rows.length === 0) throw notFound('No such musician.');
  return (await withQualifications(db, rows))[0];
}

async function withQualifications(db: Queryable, musicians: MusicianRow[]): Promise<MusicianView[]> {
  if (musicians.length === 0) return [];
  const { rows } = await db.query<{
    musician_id: string;
    position_id: string;
    position_name: string;
    instrument_id: string;
    instrument_name: string;
    archived: boolean;
  }>(
    `SELECT q.musician_id, p.id AS position_id, p.name AS position_name, i.id AS instrument_id, i.name AS instrument_name,
            (p.archived_at IS NOT NULL OR i.archived_at IS NOT NULL) AS archived
       FROM musician_qualifications q
       JOIN positions p ON p.id = q.position_id
       JOIN instruments i ON i.id = p.instrument_id
      WHERE q.musician_id IN (SELECT value::uuid FROM jsonb_array_elements_text(:ids::jsonb))
      ORDER BY i.sort_order, p.sort_order, p.name`,
    { ids: musicians.map((m) => m.id) },
  );
  const byMusician = new Map<string, QualificationView[]>();
  for (const r of rows) {
    const list = byMusician.get(r.musician_id) ?? [];
    list.push({
      positionId: r.position_id,
      positionName: r.position_name,
      instrumentId: r.instrument_id,
      instrumentName: r.instrument_name,
      archived: r.archived,
    });
    byMusician.set(r.musician_id, list);
  }
  return musicians.map((m) => toView(m, byMusician.get(m.id) ?? []));
}

function toView(m: MusicianRow, qualifications: QualificationView[]): MusicianView {
  const erased = m.erased_at !== null;
  return {
    id: m.id,
    code: m.code,
    firstName: m.first_name,
    lastName: m.last_name,
    name: erased ? `(erased ${m.code})` : `${m.first_name} ${m.last_name}`,
    email: m.email,
    phone: m.phone,
    language: m.language,
    localResident: m.local_resident,
    notes: m.notes,
    active: m.active,
    status: m.archived_at !== null ? 'archived' : m.active ? 'active' : 'inactive',
    emailStatus: m.email_status,
    emailStatusChangedAt: m.email_status_changed_at,
    archivedAt: m.archived_at,
    erased,
    erasedAt: m.erased_at,
    qualifications,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}
