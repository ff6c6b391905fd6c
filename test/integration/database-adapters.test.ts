import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MissingSqlParameterError } from '../../shared/db/named-parameters';
import { SqlError, SqlState, type Database } from '../../shared/ports/database';
import { createTestDatabase, databaseAdapters, dataApiDatabaseFor, testClusterArn, type TestDatabase } from '../support/test-database';

/** The same suite through the pg adapter and through the Data API adapter over the stand-in. */

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase('empty');
  await testDb.pg.query(`CREATE TABLE samples (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label     text NOT NULL UNIQUE,
    n         integer,
    big       bigint,
    small     smallint,
    price     numeric(10, 2),
    ratio     double precision,
    flag      boolean,
    day       date,
    at        timestamptz,
    local_at  timestamp,
    doc       jsonb,
    raw       json,
    tags      text[],
    counts    integer[],
    moments   timestamptz[],
    CONSTRAINT samples_n_positive CHECK (n > 0)
  )`);
});

afterAll(async () => {
  await testDb?.drop();
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe.each(databaseAdapters)('$adapter adapter', ({ open }) => {
  let db: Database;

  beforeAll(() => {
    db = open(testDb.connection);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM samples');
  });

  it('round-trips parameters of every type into columns and reads rows in the documented shapes', async () => {
    const at = new Date('2026-11-25T06:30:35.123Z');
    const { rows, rowCount } = await db.query(
      `INSERT INTO samples (label, n, big, small, price, ratio, flag, day, at, local_at, doc, raw, tags, counts, moments)
       VALUES (:label, :n, :big, :small, :price::numeric, :ratio, :flag, :day::date, :at, :at, :doc, :raw,
               ARRAY(SELECT jsonb_array_elements_text(:tags::jsonb)), '{1,2,3}', ARRAY[:at::timestamptz, NULL])
       RETURNING *`,
      {
        label: 'first',
        n: 42,
        big: Number.MAX_SAFE_INTEGER,
        small: -7,
        price: '12.50',
        ratio: 0.25,
        flag: true,
        day: '2026-11-25',
        at,
        doc: { a: [1, 'x', null], b: { c: true } },
        raw: [1, 2],
        tags: ['strings', 'with, comma', 'and "quotes"'],
      },
    );
    expect(rowCount).toBe(1);
    const row = rows[0];
    expect(row.id).toMatch(uuidPattern);
    expect(row).toMatchObject({
      label: 'first',
      n: 42,
      big: Number.MAX_SAFE_INTEGER,
      small: -7,
      price: '12.50',
      ratio: 0.25,
      flag: true,
      day: '2026-11-25',
      at: '2026-11-25T06:30:35.123Z',
      local_at: '2026-11-25T06:30:35.123Z',
      doc: { a: [1, 'x', null], b: { c: true } },
      raw: [1, 2],
      tags: ['strings', 'with, comma', 'and "quotes"'],
      counts: [1, 2, 3],
      moments: ['2026-11-25T06:30:35.123Z', null],
    });
  });

  it('binds each JS type as the port documents and returns computed values in the same shapes', async () => {
    const { rows } = await db.query(
      `SELECT :text AS text, :int AS int, :float AS float, :yes AS yes, :when AS "when", :object AS object, :list AS list,
              :nothing::text AS nothing, :missing::int AS missing,
              pg_typeof(:int)::text AS int_type, pg_typeof(:float)::text AS float_type, pg_typeof(:yes)::text AS bool_type,
              pg_typeof(:when)::text AS date_type, pg_typeof(:object)::text AS object_type,
              12.345::numeric(6, 3) AS exact, count(*) AS counted, now() > '2020-01-01' AS recent,
              '2026-01-02'::date AS day, '2026-01-02 03:04:05.678901+02'::timestamptz AS moment
         FROM (VALUES (1)) AS one (x)`,
      { text: 'plain', int: 7, float: 1.5, yes: false, when: new Date('2030-01-02T03:04:05.006Z'), object: { k: 'v' }, list: ['a', 1], nothing: null, missing: undefined },
    );
    expect(rows[0]).toEqual({
      text: 'plain',
      int: 7,
      float: 1.5,
      yes: false,
      when: '2030-01-02T03:04:05.006Z',
      object: { k: 'v' },
      list: ['a', 1],
      nothing: null,
      missing: null,
      int_type: 'bigint',
      float_type: 'double precision',
      bool_type: 'boolean',
      date_type: 'timestamp with time zone',
      object_type: 'json',
      exact: '12.345',
      counted: 1,
      recent: true,
      day: '2026-01-02',
      moment: '2026-01-02T01:04:05.678Z',
    });
  });

  it('reports rows returned, or rows affected when nothing is returned', async () => {
    await db.query(`INSERT INTO samples (label, n) VALUES ('a', 1), ('b', 2), ('c', 3)`);
    expect((await db.query(`UPDATE samples SET n = n + 10 WHERE n < :limit`, { limit: 3 })).rowCount).toBe(2);
    expect((await db.query(`SELECT * FROM samples WHERE n > 100`)).rowCount).toBe(0);
    const deleted = await db.query<{ label: string }>(`DELETE FROM samples WHERE label <> 'c' RETURNING label`);
    expect(deleted.rowCount).toBe(2);
    expect(deleted.rows.map((r) => r.label).sort()).toEqual(['a', 'b']);
    expect((await db.query(`CREATE TEMP TABLE IF NOT EXISTS scratch (x int)`)).rowCount).toBe(0);
  });

  it('commits a transaction when the function resolves', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO samples (label, n) VALUES (:label, 1)`, { label: 'kept' });
      const inside = await tx.query(`SELECT count(*)::int AS n FROM samples`);
      const outside = await db.query(`SELECT count(*)::int AS n FROM samples`);
      return { inside: inside.rows[0].n, outside: outside.rows[0].n };
    });
    expect(result).toEqual({ inside: 1, outside: 0 });
    expect((await db.query(`SELECT label FROM samples`)).rows).toEqual([{ label: 'kept' }]);
  });

  it('rolls a transaction back when the function throws, and rethrows its error', async () => {
    const failure = new Error('changed my mind');
    const error = await rejectionOf(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO samples (label, n) VALUES ('gone', 1)`);
        throw failure;
      }),
    );
    expect(error).toBe(failure);
    expect((await db.query(`SELECT count(*)::int AS n FROM samples`)).rows[0].n).toBe(0);
  });

  it('rolls back when a statement inside the transaction fails', async () => {
    const error = await rejectionOf(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO samples (label, n) VALUES ('one', 1)`);
        await tx.query(`INSERT INTO samples (label, n) VALUES ('one', 2)`);
      }),
    );
    expect(error).toBeInstanceOf(SqlError);
    expect((await db.query(`SELECT count(*)::int AS n FROM samples`)).rows[0].n).toBe(0);
  });

  it('raises SqlError with SQLSTATE and constraint for a unique violation, without row values in the message', async () => {
    await db.query(`INSERT INTO samples (label, n) VALUES (:label, 1)`, { label: 'secret-value' });
    const error = await rejectionOf(db.query(`INSERT INTO samples (label, n) VALUES (:label, 2)`, { label: 'secret-value' }));
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ code: SqlState.uniqueViolation, constraint: 'samples_label_key' });
    expect((error as Error).message).toContain('samples_label_key');
    expect((error as Error).message).not.toContain('secret-value');
  });

  it('raises SqlError with the check constraint named', async () => {
    const error = await rejectionOf(db.query(`INSERT INTO samples (label, n) VALUES ('neg', -1)`));
    expect(error).toMatchObject({ name: 'SqlError', code: SqlState.checkViolation, constraint: 'samples_n_positive' });
  });

  it('fails a uuid comparison with an uncast string parameter, as the Data API does; ::uuid works', async () => {
    const { rows } = await db.query<{ id: string }>(`INSERT INTO samples (label) VALUES ('u') RETURNING id`);
    const error = await rejectionOf(db.query(`SELECT label FROM samples WHERE id = :id`, { id: rows[0].id }));
    expect(error).toMatchObject({ name: 'SqlError', code: '42883' });
    const found = await db.query(`SELECT label FROM samples WHERE id = :id::uuid`, { id: rows[0].id });
    expect(found.rows).toEqual([{ label: 'u' }]);
  });

  it('compares a Date parameter with timestamptz and date columns', async () => {
    await db.query(`INSERT INTO samples (label, at, day) VALUES ('early', '2026-01-01T00:00:00Z', '2026-01-01'), ('late', '2026-06-01T12:00:00Z', '2026-06-01')`);
    const { rows } = await db.query(`SELECT label FROM samples WHERE at > :since AND day >= :since::date`, { since: new Date('2026-03-01T00:00:00Z') });
    expect(rows).toEqual([{ label: 'late' }]);
  });

  it('runs one statement per query and refuses two', async () => {
    const error = await rejectionOf(db.query(`SELECT 1; SELECT 2`));
    expect(error).toMatchObject({ name: 'SqlError', code: '42601' });
  });

  it('names a missing parameter', async () => {
    const error = await rejectionOf(db.query(`SELECT :present::text, :absent::text`, { present: 'x' }));
    expect(error).toBeInstanceOf(MissingSqlParameterError);
    expect((error as Error).message).toContain(':absent');
  });

  it('runs queries of one transaction on one connection while others run outside it', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL application_name = 'inside-tx'`);
      const { rows } = await tx.query(`SELECT current_setting('application_name') AS name`);
      expect(rows[0].name).toBe('inside-tx');
    });
    const { rows } = await db.query(`SELECT current_setting('application_name') AS name`);
    expect(rows[0].name).not.toBe('inside-tx');
  });
});

describe('Data API stand-in fidelity', () => {
  let dataApi: ReturnType<typeof dataApiDatabaseFor>;

  beforeAll(() => {
    dataApi = dataApiDatabaseFor(testDb.connection);
  });

  afterAll(async () => {
    await dataApi?.close();
  });

  const execute = (sql: string, parameters: ExecuteStatementCommand['input']['parameters'] = []) =>
    dataApi.standIn.client.send(
      new ExecuteStatementCommand({
        resourceArn: testClusterArn,
        secretArn: dataApi.secretArn,
        database: testDb.connection.database,
        sql,
        parameters,
        includeResultMetadata: true,
        formatRecordsAs: 'JSON',
      }),
    );

  it('binds an unhinted stringValue as varchar and a UUID type hint as uuid', async () => {
    const typed = await execute(`SELECT pg_typeof(:s)::text AS plain, pg_typeof(:u)::text AS hinted`, [
      { name: 's', value: { stringValue: 'x' } },
      { name: 'u', value: { stringValue: '00000000-0000-0000-0000-000000000001' }, typeHint: 'UUID' },
    ]);
    expect(JSON.parse(typed.formattedRecords!)).toEqual([{ plain: 'character varying', hinted: 'uuid' }]);
    await expect(
      execute(`SELECT count(*) AS n FROM samples WHERE id = :id`, [{ name: 'id', value: { stringValue: '00000000-0000-0000-0000-000000000001' } }]),
    ).rejects.toThrow(/operator does not exist: uuid = character varying.*SQLState: 42883/s);
  });

  it('formats results like the Data API JSON format, with column type names', async () => {
    const result = await execute(
      `SELECT '2026-11-25 06:30:35.5+00'::timestamptz AS at, '{"a":1}'::jsonb AS doc, 1.50::numeric AS price, 9::int8 AS big, '{1,2}'::int4[] AS list`,
    );
    expect(JSON.parse(result.formattedRecords!)).toEqual([{ at: '2026-11-25 06:30:35.500000', doc: '{"a": 1}', price: '1.50', big: 9, list: [1, 2] }]);
    expect(result.columnMetadata!.map((c) => c.typeName)).toEqual(['timestamptz', 'jsonb', 'numeric', 'int8', '_int4']);
  });

  it('refuses array parameters and several statements in one call', async () => {
    await expect(execute(`SELECT :a`, [{ name: 'a', value: { arrayValue: { longValues: [1] } } }])).rejects.toThrow(/Array parameters are not supported/);
    await expect(execute(`SELECT 1; SELECT 2`)).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});
