import { parseMusicianCsv, type CsvMusicianRow, type CsvProblem } from '../../domain/musician-csv';
import { planRefusal, type Plan } from '../../domain/plan-limits';
import { AppError, conflict } from '../../http/errors';
import type { Database, Queryable } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { withEmailRaceMapped } from './email-conflicts';
import { assertPlanRoom, countPlanMusicians } from './musician-plan';

export interface ImportReport {
  dryRun: boolean;
  /** Data rows in the file (the header not counted). */
  rows: number;
  /** Rows without any problem. */
  valid: number;
  problems: CsvProblem[];
  /** Set when the file is fine but the plan has no room for it (the real run answers 409 with it). */
  planRefusal: string | null;
  /** The real run's new musicians, in file order. */
  created: { id: string; code: string; line: number }[];
}

interface MatchedRow extends CsvMusicianRow {
  positionIds: string[];
}

/**
 * Checks each row against the orchestra: the instrument and its positions by name (case-insensitive, live
 * ones only), and the address against every musician (archived ones too).
 */
async function checkAgainstDatabase(tx: Queryable, rows: CsvMusicianRow[]): Promise<{ matched: MatchedRow[]; problems: CsvProblem[] }> {
  const { rows: positions } = await tx.query<{ id: string; name: string; instrument: string }>(
    `SELECT p.id, p.name, i.name AS instrument
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.archived_at IS NULL AND i.archived_at IS NULL`,
  );
  const instruments = new Set(positions.map((p) => p.instrument.toLowerCase()));
  const { rows: holders } = await tx.query<{ email: string; code: string; name: string }>(
    `SELECT lower(email) AS email, code, first_name || ' ' || last_name AS name FROM musicians
      WHERE lower(email) IN (SELECT lower(value) FROM jsonb_array_elements_text(:emails::jsonb))`,
    { emails: rows.filter((r) => r.emailToCheck).map((r) => r.email) },
  );
  const holderOf = new Map(holders.map((h) => [h.email, h]));
  const problems: CsvProblem[] = [];
  const matched: MatchedRow[] = [];
  for (const row of rows) {
    const before = problems.length;
    const holder = row.emailToCheck ? holderOf.get(row.email.toLowerCase()) : undefined;
    if (holder) problems.push({ line: row.line, field: 'email', message: `Email already used by ${holder.name} (${holder.code})` });
    const positionIds: string[] = [];
    if (row.instrument && !instruments.has(row.instrument.toLowerCase())) {
      problems.push({ line: row.line, field: 'instrument', message: `no instrument named "${row.instrument}"` });
    } else if (row.instrument) {
      for (const name of row.positions) {
        const position = positions.find((p) => p.instrument.toLowerCase() === row.instrument.toLowerCase() && p.name.toLowerCase() === name.toLowerCase());
        if (position) positionIds.push(position.id);
        else problems.push({ line: row.line, field: 'positions', message: `no position "${name}" on ${row.instrument}` });
      }
    }
    if (!row.hasProblems && problems.length === before) matched.push({ ...row, positionIds });
  }
  return { matched, problems };
}

async function checkFile(tx: Queryable, plan: Plan, csv: string, dryRun: boolean): Promise<{ report: ImportReport; matched: MatchedRow[] }> {
  const parsed = parseMusicianCsv(csv);
  const checked = await checkAgainstDatabase(tx, parsed.rows);
  const problems = [...parsed.problems, ...checked.problems].sort((a, b) => a.line - b.line);
  const refusal = planRefusal(plan, 'musicians', await countPlanMusicians(tx), checked.matched.length) ?? null;
  return {
    report: { dryRun, rows: parsed.records, valid: checked.matched.length, problems, planRefusal: refusal, created: [] },
    matched: checked.matched,
  };
}

/** Thrown by the real run when the file has problems: 400, with the same report as the dry run. */
export class ImportRefused extends AppError {
  constructor(readonly report: ImportReport) {
    const first = report.problems.slice(0, 5).map((p) => `line ${p.line} ${p.field}: ${p.message}`).join('; ');
    super(
      400,
      'import_invalid',
      `Nothing was imported: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in the file (${first}${report.problems.length > 5 ? '; …' : ''}).`,
      report.problems.map((p) => ({ field: `line ${p.line}: ${p.field}`, message: p.message })),
    );
  }
}

/**
 * Imports musicians from CSV. The dry run only reports; the real run checks again inside one transaction
 * and writes every row or none: any problem (or no room in the plan) and nothing is written.
 */
export async function importMusicians(db: Database, actor: Actor, plan: Plan, body: { csv: string; dryRun: boolean }): Promise<ImportReport> {
  if (body.dryRun) return (await checkFile(db, plan, body.csv, true)).report;
  let emails: string[] = [];
  return withEmailRaceMapped(db, () => emails, () =>
    db.transaction(async (tx) => {
      await assertPlanRoom(tx, plan, 0);
      const { report, matched } = await checkFile(tx, plan, body.csv, false);
      if (report.problems.length > 0) throw new ImportRefused(report);
      if (report.rows === 0) throw new ImportRefused({ ...report, problems: [{ line: 1, field: 'csv', message: 'the file has no musicians' }] });
      if (report.planRefusal) throw conflict(report.planRefusal, 'plan_limit');
      emails = matched.map((r) => r.email);
      // One statement, in file order, so codes follow the file (MUS051, MUS052, …).
      const { rows: created } = await tx.query<{ id: string; code: string; ord: number }>(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset(:rows::jsonb)
             AS r(ord int, first_name text, last_name text, email text, phone text, language text, local_resident boolean)
         ), inserted AS (
           INSERT INTO musicians (first_name, last_name, email, phone, language, local_resident)
           SELECT first_name, last_name, email, phone, language, local_resident FROM input ORDER BY ord
           RETURNING id, code, email
         )
         SELECT inserted.id, inserted.code, input.ord FROM inserted JOIN input ON input.email = inserted.email ORDER BY input.ord`,
        {
          rows: matched.map((r, ord) => ({
            ord,
            first_name: r.firstName,
            last_name: r.lastName,
            email: r.email,
            phone: r.phone,
            language: r.language,
            local_resident: r.localResident,
          })),
        },
      );
      await tx.query(
        `INSERT INTO musician_qualifications (musician_id, position_id)
         SELECT (q->>'musicianId')::uuid, (q->>'positionId')::uuid FROM jsonb_array_elements(:pairs::jsonb) AS q`,
        { pairs: created.flatMap((c) => matched[c.ord].positionIds.map((positionId) => ({ musicianId: c.id, positionId }))) },
      );
      // One audit entry per musician, so a later erase can blank exactly that musician's entries.
      for (const c of created) {
        const r = matched[c.ord];
        await recordAudit(tx, {
          actor,
          action: 'musician.import',
          entityType: 'musician',
          entityId: c.id,
          after: {
            code: c.code,
            line: r.line,
            firstName: r.firstName,
            lastName: r.lastName,
            email: r.email,
            phone: r.phone,
            language: r.language,
            localResident: r.localResident,
            qualifications: r.positionIds,
          },
        });
      }
      return { ...report, created: created.map((c) => ({ id: c.id, code: c.code, line: matched[c.ord].line })) };
    }),
  );
}
