import { parse } from 'csv-parse/sync';
import { musicianEmail } from '../schemas/musicians';

/**
 * Reads a musician import file (issue 3: first name, last name, email, phone, language, local resident,
 * instrument, positions) into rows and per-line problems. Pure: matching instruments and positions and
 * checking addresses against the database is the use case's job.
 */

export type CsvColumn = 'firstName' | 'lastName' | 'email' | 'phone' | 'language' | 'localResident' | 'instrument' | 'positions';

export interface CsvProblem {
  /** Line of the file (the header is line 1); for a record spanning lines, the line it ends on. */
  line: number;
  field: CsvColumn | 'header' | 'csv';
  message: string;
}

export interface CsvMusicianRow {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  language: 'sv' | 'en';
  localResident: boolean;
  instrument: string;
  positions: string[];
  /** The row has a problem already; the use case still checks its other fields so every problem shows. */
  hasProblems: boolean;
  /** The address is well-formed and the first of its kind in the file: worth checking against the database. */
  emailToCheck: boolean;
}

/** Header names in English and Swedish, compared by their letters only ("E-post" = "epost"). */
const columnAliases: Record<CsvColumn, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'förnamn', 'fornamn'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'efternamn'],
  email: ['email', 'emailaddress', 'mail', 'epost', 'epostadress', 'mejl', 'mejladress'],
  phone: ['phone', 'phonenumber', 'telephone', 'mobile', 'telefon', 'telefonnummer', 'mobil', 'mobilnummer'],
  language: ['language', 'lang', 'språk', 'sprak'],
  localResident: ['localresident', 'local', 'resident', 'lokal', 'lokalboende', 'lokaltboende', 'boendelokalt', 'ortsbo', 'bosattlokalt'],
  instrument: ['instrument'],
  positions: ['positions', 'position', 'positioner', 'befattningar', 'befattning', 'stämmor', 'stämma', 'platser'],
};

const requiredColumns: CsvColumn[] = ['firstName', 'lastName', 'email', 'instrument', 'positions'];

const headerKey = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

const yes = new Set(['yes', 'ja', 'true', '1', 'y', 'j', 'x']);
const no = new Set(['no', 'nej', 'false', '0', 'n', '']);
const languages = new Map<string, 'sv' | 'en'>([['', 'sv'], ['sv', 'sv'], ['svenska', 'sv'], ['swedish', 'sv'], ['en', 'en'], ['engelska', 'en'], ['english', 'en']]);

/** Excel in Swedish saves CSV with semicolons; the header line tells which separator the file uses. */
export function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function parseMusicianCsv(text: string): { rows: CsvMusicianRow[]; problems: CsvProblem[]; records: number } {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    // With `info`, csv-parse returns { info, record } per record; its typing does not follow the option.
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true, delimiter: detectDelimiter(text) }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, field: 'csv', message: `the file is not valid CSV: ${(error as Error).message}` }], records: 0 };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, field: 'header', message: 'the file is empty' }], records: 0 };

  const [header, ...body] = records;
  const problems: CsvProblem[] = [];
  const columns = new Map<CsvColumn, number>();
  header.record.forEach((name, index) => {
    const key = headerKey(name);
    const column = (Object.keys(columnAliases) as CsvColumn[]).find((c) => columnAliases[c].includes(key));
    if (!column) problems.push({ line: header.info.lines, field: 'header', message: `unknown column "${name}"` });
    else if (columns.has(column)) problems.push({ line: header.info.lines, field: 'header', message: `column "${name}" appears twice` });
    else columns.set(column, index);
  });
  for (const column of requiredColumns) {
    if (!columns.has(column)) problems.push({ line: header.info.lines, field: 'header', message: `missing column ${column} (${columnAliases[column][0]} / ${columnAliases[column].at(-1)})` });
  }
  if (problems.length > 0) return { rows: [], problems, records: body.length };

  const rows: CsvMusicianRow[] = [];
  const firstLineOfEmail = new Map<string, number>();
  for (const { info, record } of body) {
    const line = info.lines;
    const cell = (c: CsvColumn) => (columns.has(c) ? (record[columns.get(c)!] ?? '') : '');
    const rowProblems: CsvProblem[] = [];
    const problem = (field: CsvColumn, message: string) => rowProblems.push({ line, field, message });
    if (record.length > header.record.length) problem('positions', `has ${record.length} fields, the header has ${header.record.length}`);

    const firstName = cell('firstName');
    const lastName = cell('lastName');
    const email = cell('email');
    const phone = cell('phone');
    for (const [field, value] of [['firstName', firstName], ['lastName', lastName]] as const) {
      if (!value) problem(field, 'is required');
      else if (value.length > 100) problem(field, 'must be at most 100 characters');
    }
    let emailToCheck = false;
    const emailCheck = musicianEmail.safeParse(email);
    if (!email) problem('email', 'is required');
    else if (!emailCheck.success) problem('email', emailCheck.error.issues[0].message);
    else {
      const earlier = firstLineOfEmail.get(email.toLowerCase());
      if (earlier !== undefined) problem('email', `same email as line ${earlier}`);
      else {
        firstLineOfEmail.set(email.toLowerCase(), line);
        emailToCheck = true;
      }
    }
    if (phone.length > 40) problem('phone', 'must be at most 40 characters');
    const language = languages.get(cell('language').toLowerCase());
    if (!language) problem('language', 'must be sv or en');
    const resident = cell('localResident').toLowerCase();
    if (!yes.has(resident) && !no.has(resident)) problem('localResident', 'must be yes or no (ja/nej, true/false, 1/0)');
    const instrument = cell('instrument');
    const positions = [...new Set(cell('positions').split(/[;|]/).map((p) => p.trim()).filter(Boolean))];
    if (!instrument && positions.length > 0) problem('instrument', 'is required when positions are given');
    if (instrument && positions.length === 0) problem('positions', `name at least one position on ${instrument}`);

    problems.push(...rowProblems);
    rows.push({
      line,
      firstName,
      lastName,
      email,
      phone: phone || null,
      language: language ?? 'sv',
      localResident: yes.has(resident),
      instrument,
      positions,
      hasProblems: rowProblems.length > 0,
      emailToCheck,
    });
  }
  return { rows, problems, records: body.length };
}
