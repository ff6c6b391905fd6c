import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/ports/database';
import { startTestProduct, type TestProduct } from '../support/test-product';

type Orchestra = Awaited<ReturnType<TestProduct['addOrchestra']>>;

/**
 * CSV import of musicians through HTTP on the real database, once per adapter: the dry run reports every
 * problem by line; the real run writes every row or none; the plan limit counts the whole file.
 */
describe.each(['pg', 'data-api'] as const)('musician CSV import (%s adapter)', (adapter) => {
  let product: TestProduct;
  let orchestra: Orchestra;
  let cookie: string;
  let db: Database;
  let holder: { code: string };

  const call = (method: string, path: string, body?: unknown) => product.call(method, path, { host: orchestra.host, cookie, body });
  const importCsv = (csv: string, dryRun: boolean) => call('POST', '/api/musicians/import', { csv, dryRun });

  async function musicianCount(): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians`);
    return rows[0].n;
  }

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    orchestra = await product.addOrchestra('importing', { seed: true });
    cookie = await product.loginAs(orchestra);
    db = await product.orchestraDb(orchestra);
    const res = await call('POST', '/api/musicians', { firstName: 'Anna', lastName: 'Berg', email: 'anna@example.org' });
    expect(res.status).toBe(201);
    holder = res.json;
  });
  afterAll(() => product?.close());

  const header = 'First name,Last name,Email,Phone,Language,Local resident,Instrument,Positions';

  const badFile = [
    header,
    'Björn,Ek,bjorn@example.org,070-1,sv,yes,Violin,Tutti violin 1;Tutti violin 2',
    ',Lund,not-an-email,,de,maybe,Violin,Tutti violin 1',
    'Clara,Strand,ANNA@example.org,,en,no,Cello,Solocellist',
    'David,Holm,bjorn@EXAMPLE.org,,,,Viola,Tutti viola',
    'Eva,Nord,eva@example.org,,,,Banjo,Lead',
    'Filip,Sten,filip@example.org,,,,Violin,Tutti violin 1|Kazoo',
  ].join('\n');

  it('reports every problem by line in a dry run and writes nothing', async () => {
    const before = await musicianCount();
    const res = await importCsv(badFile, true);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, rows: 6, valid: 1, planRefusal: null, created: [] });
    expect(res.json.problems).toEqual([
      { line: 3, field: 'firstName', message: 'is required' },
      { line: 3, field: 'email', message: 'must be an email address' },
      { line: 3, field: 'language', message: 'must be sv or en' },
      { line: 3, field: 'localResident', message: 'must be yes or no (ja/nej, true/false, 1/0)' },
      { line: 4, field: 'email', message: `Email already used by Anna Berg (${holder.code})` },
      { line: 5, field: 'email', message: 'same email as line 2' },
      { line: 6, field: 'instrument', message: 'no instrument named "Banjo"' },
      { line: 7, field: 'positions', message: 'no position "Kazoo" on Violin' },
    ]);
    expect(await musicianCount()).toBe(before);
  });

  it('writes nothing when one row is bad, answering 400 with the same report', async () => {
    const before = await musicianCount();
    const { rows: seq } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    const file = [header, 'Björn,Ek,bjorn@example.org,,sv,yes,Violin,Tutti violin 1', 'Clara,Strand,clara@example,,,,Cello,Solocellist'].join('\n');
    const res = await importCsv(file, false);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'import_invalid', fields: [{ field: 'line 3: email', message: 'must be an email address' }] });
    expect(res.json).toMatchObject({ dryRun: false, rows: 2, valid: 1, problems: [{ line: 3, field: 'email', message: 'must be an email address' }] });
    expect(await musicianCount()).toBe(before);
    const { rows: after } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0].n).toBe(seq[0].n);
  });

  it('imports a Swedish file with semicolons, matching instruments and positions case-insensitively', async () => {
    const file = [
      'Förnamn;Efternamn;E-post;Telefon;Språk;Lokalt boende;Instrument;Positioner',
      'Björn;Ek;bjorn@example.org;070-111;sv;ja;violin;tutti violin 1|Tutti violin 2',
      '',
      'Clara;Strand;clara@example.org;;en;nej;Viola;Tutti viola',
      '"Åsa";"Lind, d.y.";asa@example.org;;;1;Cello;"Solocellist;Tutti cello"',
    ].join('\r\n');
    const dry = await importCsv(file, true);
    expect(dry.json).toMatchObject({ rows: 3, valid: 3, problems: [] });
    const res = await importCsv(file, false);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ dryRun: false, rows: 3, valid: 3, problems: [] });
    expect(res.json.created.map((c: { line: number }) => c.line)).toEqual([2, 4, 5]);
    const codes = res.json.created.map((c: { code: string }) => Number(c.code.slice(3)));
    expect(codes).toEqual([...codes].sort((a, b) => a - b));

    const asa = await call('GET', `/api/musicians/${res.json.created[2].id}`);
    expect(asa.json).toMatchObject({ firstName: 'Åsa', lastName: 'Lind, d.y.', email: 'asa@example.org', language: 'sv', localResident: true, phone: null });
    expect(asa.json.qualifications.map((q: { positionName: string }) => q.positionName)).toEqual(['Solocellist', 'Tutti cello']);
    const bjorn = await call('GET', `/api/musicians/${res.json.created[0].id}`);
    expect(bjorn.json).toMatchObject({ phone: '070-111', localResident: true });
    expect(bjorn.json.qualifications.map((q: { positionName: string }) => q.positionName)).toEqual(['Tutti violin 1', 'Tutti violin 2']);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'musician.import'`);
    expect(rows[0].n).toBe(3);

    // The same file again: every row now collides with the musicians it created.
    const again = await importCsv(file, true);
    expect(again.json.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual(['2:email', '4:email', '5:email']);
  });

  it('refuses files with unknown, missing or repeated columns, and bad bodies', async () => {
    const res = await importCsv('Name,Email,Email,Instrument\nA,a@example.org,a@example.org,Violin', true);
    expect(res.json.problems).toEqual([
      { line: 1, field: 'header', message: 'unknown column "Name"' },
      { line: 1, field: 'header', message: 'column "Email" appears twice' },
      { line: 1, field: 'header', message: expect.stringMatching(/^missing column firstName/) },
      { line: 1, field: 'header', message: expect.stringMatching(/^missing column lastName/) },
      { line: 1, field: 'header', message: expect.stringMatching(/^missing column positions/) },
    ]);
    const broken = await importCsv(`${header}\nA,"B,c@example.org`, true);
    expect(broken.json.problems).toEqual([{ line: 2, field: 'csv', message: expect.stringMatching(/not valid CSV/) }]);
    const headerOnly = await importCsv(header, false);
    expect(headerOnly.status).toBe(400);
    const bad = await call('POST', '/api/musicians/import', { csv: 42, dryRun: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['csv', 'dryRun']);
  });

  it('refuses a file that does not fit the plan with 409, writing nothing', async () => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM musicians WHERE archived_at IS NULL`);
    const room = 50 - rows[0].n;
    const lines = Array.from({ length: room + 1 }, (_, i) => `Player,No${i},player${i}@example.org,,,,Violin,Tutti violin 1`);
    const file = [header, ...lines].join('\n');
    const dry = await importCsv(file, true);
    expect(dry.json).toMatchObject({ valid: room + 1, problems: [], planRefusal: `The small plan allows 50 musicians; this orchestra has ${50 - room} and ${room + 1} more would make 51.` });
    const before = await musicianCount();
    const res = await importCsv(file, false);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('plan_limit');
    expect(await musicianCount()).toBe(before);
    // Exactly the room left fits.
    const fits = await importCsv([header, ...lines.slice(0, room)].join('\n'), false);
    expect(fits.status).toBe(201);
    expect((await call('GET', '/api/musicians?limit=1')).json.plan).toMatchObject({ used: 50, limit: 50, warning: true });
  });
});
