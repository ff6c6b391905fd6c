/**
 * The one database port. Both adapters (pg for PostgreSQL, RDS Data API for Aurora) implement it and
 * return rows in the same shape, so use cases never know which one they run on.
 *
 * SQL uses named parameters `:name`. Parameter values map as follows:
 *   string → text (cast in SQL where another type is meant: `:id::uuid`, `:day::date`)
 *   integer number → bigint, other number → double precision, boolean → boolean, null/undefined → NULL
 *   Date → timestamptz, plain object or array → json (arrays are never SQL arrays: the Data API has none;
 *   unpack with `jsonb_array_elements_text(:ids::jsonb)`)
 *
 * Row values come back as:
 *   timestamptz/timestamp → ISO 8601 string in UTC (`2026-11-25T06:30:35.123Z`), date → `YYYY-MM-DD`,
 *   int2/int4/int8 → number, numeric → string, float → number, boolean → boolean, json/jsonb → parsed value,
 *   uuid/text/varchar → string, one-dimensional arrays of those → arrays.
 */
export type SqlParams = Record<string, unknown>;

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows returned, or for INSERT/UPDATE/DELETE without RETURNING the rows affected. */
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases connections held by this handle. */
  close(): Promise<void>;
}

/** A database error with its PostgreSQL SQLSTATE, the same from both adapters. */
export class SqlError extends Error {
  constructor(
    message: string,
    /** SQLSTATE, e.g. 23505 unique_violation, 40001 serialization_failure, 55P03 lock_not_available. */
    readonly code: string | undefined,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  /** The server is starting or (Aurora Serverless) resuming and does not accept work yet. */
  cannotConnectNow: '57P03',
} as const;
