import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseMusicianCsv } from '../../shared/domain/musician-csv';

const header = 'first name,last name,email,phone,language,local resident,instrument,positions';

describe('musician CSV parsing', () => {
  it('reads rows with English headers in any case and order', () => {
    const { rows, problems, records } = parseMusicianCsv(
      'EMAIL,Last Name,First_Name,Instrument,Positions,Local Resident,Language,Phone\nanna@example.org,Berg,Anna,Violin, Tutti violin 1 | Tutti violin 2 ,Y,EN,070',
    );
    expect(problems).toEqual([]);
    expect(records).toBe(1);
    expect(rows).toEqual([
      {
        line: 2,
        firstName: 'Anna',
        lastName: 'Berg',
        email: 'anna@example.org',
        phone: '070',
        language: 'en',
        localResident: true,
        instrument: 'Violin',
        positions: ['Tutti violin 1', 'Tutti violin 2'],
        hasProblems: false,
        emailToCheck: true,
      },
    ]);
  });

  it.each([
    ['yes', true], ['JA', true], ['true', true], ['1', true],
    ['no', false], ['Nej', false], ['false', false], ['0', false], ['', false],
  ])('reads local resident %j as %s', (value, expected) => {
    const { rows, problems } = parseMusicianCsv(`${header}\nA,B,a@example.org,,,${value},,`);
    expect(problems).toEqual([]);
    expect(rows[0].localResident).toBe(expected);
  });

  it('takes Swedish headers and semicolon-separated files', () => {
    expect(detectDelimiter('Förnamn;Efternamn;E-post\n')).toBe(';');
    expect(detectDelimiter('a,b;c,d')).toBe(',');
    const { rows, problems } = parseMusicianCsv('Förnamn;Efternamn;E-post;Språk;Instrument;Stämmor\nÅsa;Öst;asa@example.org;svenska;Cello;"Solocellist;Tutti cello"');
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ firstName: 'Åsa', language: 'sv', positions: ['Solocellist', 'Tutti cello'], localResident: false, phone: null });
  });

  it('reports every problem of a row, and duplicates within the file by the earlier line', () => {
    const { rows, problems } = parseMusicianCsv(
      [header, 'A,B,a@example.org,,,,,', ',B,A@EXAMPLE.ORG,,fr,kanske,,Tutti', 'C,D,,,,,Violin,'].join('\n'),
    );
    expect(problems).toEqual([
      { line: 3, field: 'firstName', message: 'is required' },
      { line: 3, field: 'email', message: 'same email as line 2' },
      { line: 3, field: 'language', message: 'must be sv or en' },
      { line: 3, field: 'localResident', message: 'must be yes or no (ja/nej, true/false, 1/0)' },
      { line: 3, field: 'instrument', message: 'is required when positions are given' },
      { line: 4, field: 'email', message: 'is required' },
      { line: 4, field: 'positions', message: 'name at least one position on Violin' },
    ]);
    expect(rows.map((r) => [r.line, r.hasProblems, r.emailToCheck])).toEqual([[2, false, true], [3, true, false], [4, true, false]]);
  });

  it('needs the header: unknown, repeated and missing columns are problems of line 1', () => {
    const { rows, problems } = parseMusicianCsv('first name,surname,e-mail,mail,shoe size\nA,B,a@example.org,a@example.org,42');
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [1, 'header', 'column "mail" appears twice'],
      [1, 'header', 'unknown column "shoe size"'],
      [1, 'header', expect.stringMatching(/^missing column instrument/)],
      [1, 'header', expect.stringMatching(/^missing column positions/)],
    ]);
  });

  it('reports a file that is not CSV, or empty, instead of throwing', () => {
    expect(parseMusicianCsv(`${header}\n"unclosed,x`).problems).toEqual([{ line: 2, field: 'csv', message: expect.stringMatching(/not valid CSV/) }]);
    expect(parseMusicianCsv('\n\n').problems).toEqual([{ line: 1, field: 'header', message: 'the file is empty' }]);
  });
});
