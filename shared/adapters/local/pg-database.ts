import pg from 'pg';
import { toPositionalParameters } from '../../db/named-parameters';
import { parseArrayLiteral, timestampTextToIso } from '../../db/postgres-text-values';
import { SqlError, type Database, type QueryResult, type Queryable, type SqlParams } from '../../ports/database';

/**
 * The Database port over node-postgres, for the local twin and tests (embedded PostgreSQL).
 *
 * Parameters are bound with the same types the Data API adapter sends (string → text, integer → int8,
 * other number → float8, boolean, Date → timestamptz, object/array → json, null untyped), so SQL that
 * leans on pg's type inference — `WHERE uuid_col = :id` without `::uuid` — fails here too, not only in AWS.
 * Every query uses the extended protocol, which like the Data API runs exactly one statement.
 */
export type PgDatabaseConfig = pg.PoolConfig | { connectionString: string };

type TextParser = (text: string) => unknown;

const identity: TextParser = (text) => text;
const toNumber: TextParser = (text) => Number(text);
const toJson: TextParser = (text) => JSON.parse(text);
const toBoolean: TextParser = (text) => text === 't' || text === 'true';

/** Element parsers by type OID, for scalars and (below) their one-dimensional arrays. */
const scalarParsers: Record<number, TextParser> = {
  16: toBoolean, // bool
  20: toNumber, // int8
  21: toNumber, // int2
  23: toNumber, // int4
  26: toNumber, // oid
  700: toNumber, // float4
  701: toNumber, // float8
  1700: identity, // numeric: exact, stays a string
  114: toJson, // json
  3802: toJson, // jsonb
  1082: identity, // date: 'YYYY-MM-DD'
  1083: identity, // time
  1186: identity, // interval
  1114: timestampTextToIso, // timestamp (read as UTC)
  1184: timestampTextToIso, // timestamptz
  25: identity, // text
  1043: identity, // varchar
  1042: identity, // bpchar
  2950: identity, // uuid
};

/** Array type OID → element type OID. */
const arrayElements: Record<number, number> = {
  1000: 16,
  1016: 20,
  1005: 21,
  1007: 23,
  1028: 26,
  1021: 700,
  1022: 701,
  1231: 1700,
  199: 114,
  3807: 3802,
  1182: 1082,
  1183: 1083,
  1187: 1186,
  1115: 1114,
  1185: 1184,
  1009: 25,
  1015: 1043,
  1014: 1042,
  2951: 2950,
};

const textParsers = new Map<number, TextParser>(Object.entries(scalarParsers).map(([oid, parse]) => [Number(oid), parse]));
for (const [arrayOid, elementOid] of Object.entries(arrayElements)) {
  const element = scalarParsers[elementOid];
  textParsers.set(Number(arrayOid), (text) => parseArrayLiteral(text, element));
}

/** Per-pool parsers, so the process-wide pg.types stay untouched for anyone else. */
const portTypes = {
  getTypeParser(oid: number, format?: string) {
    if ((format ?? 'text') === 'text') {
      const parse = textParsers.get(oid);
      if (parse) return parse;
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

function isPlainData(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/** The SQL type each JS value is bound as; mirrors the Data API adapter's SqlParameter mapping. */
function castFor(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return '::text';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? '::int8' : '::float8';
  if (typeof value === 'bigint') return '::int8';
  if (typeof value === 'boolean') return '::boolean';
  if (value instanceof Date) return '::timestamptz';
  if (value instanceof Uint8Array) return '::bytea';
  return '::json';
}

function toDriverValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (isPlainData(value)) return JSON.stringify(value);
  return value;
}

function toSqlError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError) return new SqlError(error.message, error.code, error.constraint);
  return error;
}

async function run<Row>(client: pg.Pool | pg.PoolClient, sql: string, params: SqlParams | undefined): Promise<QueryResult<Row>> {
  const query = toPositionalParameters(sql, params ?? {}, (position, value) => `$${position}${castFor(value)}`);
  try {
    const result = await client.query({
      text: query.text,
      values: query.values.map(toDriverValue),
      queryMode: 'extended',
    } as pg.QueryConfig);
    const returnsRows = (result.fields?.length ?? 0) > 0;
    return { rows: result.rows as Row[], rowCount: returnsRows ? result.rows.length : (result.rowCount ?? 0) };
  } catch (error) {
    throw toSqlError(error);
  }
}

export function createPgDatabase(config: PgDatabaseConfig): Database {
  const poolConfig = config as pg.PoolConfig;
  const pool = new pg.Pool({
    ...poolConfig,
    // The Data API's sessions run in UTC (Aurora's default); so do ours, e.g. for now()::date.
    options: poolConfig.options ?? '-c TimeZone=UTC',
    types: portTypes,
  });
  // An idle client whose server connection ends (database dropped, server stopped) must not crash the
  // process; the next query gets a fresh connection or a proper error.
  pool.on('error', () => undefined);
  let closing: Promise<void> | undefined;

  return {
    query<Row = Record<string, unknown>>(sql: string, params?: SqlParams) {
      return run<Row>(pool, sql, params);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toSqlError(error);
      }
      let broken: Error | undefined;
      try {
        await run(client, 'BEGIN', undefined);
        const tx: Queryable = { query: <Row = Record<string, unknown>>(sql: string, params?: SqlParams) => run<Row>(client, sql, params) };
        const result = await fn(tx);
        await run(client, 'COMMIT', undefined);
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },

    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
