import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataServiceException,
  RollbackTransactionCommand,
  type ColumnMetadata,
  type ExecuteStatementResponse,
  type RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { namedParametersIn, requireParameters, toPositionalParameters } from '../../db/named-parameters';
import { dateToTimestampText, parseArrayLiteral, timestampTextToIso } from '../../db/postgres-text-values';
import { SqlError, SqlState, type Database, type QueryResult, type Queryable, type SqlParams } from '../../ports/database';

/**
 * The Database port over the RDS Data API (Aurora PostgreSQL). One ExecuteStatement per query with
 * `formatRecordsAs: JSON`; values are converted to the shapes documented in shared/ports/database.ts
 * using each column's typeName, so use cases see the same rows as with the pg adapter.
 */
export interface RdsDataRetryOptions {
  /** Total backoff allowed while the cluster resumes from zero capacity. */
  maxElapsedMs?: number;
  /** First delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Replaceable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RdsDataDatabaseOptions {
  client: RDSDataClient;
  resourceArn: string;
  secretArn: string;
  database: string;
  schema?: string;
  retry?: RdsDataRetryOptions;
}

const defaultRetry = { maxElapsedMs: 45_000, baseDelayMs: 500, maxDelayMs: 5_000 };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isPlainData(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/** JS value → typed Data API parameter (the same types the pg adapter casts to). */
export function toSqlParameter(name: string, value: unknown): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  if (typeof value === 'string') return { name, value: { stringValue: value } };
  if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { name, value: { longValue: value } } : { name, value: { doubleValue: value } };
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`SQL parameter :${name} is a bigint beyond the Data API's safe integer range`);
    }
    return { name, value: { longValue: Number(value) } };
  }
  if (value instanceof Date) return { name, value: { stringValue: dateToTimestampText(value) }, typeHint: 'TIMESTAMP' };
  if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
  if (isPlainData(value)) return { name, value: { stringValue: JSON.stringify(value) }, typeHint: 'JSON' };
  throw new TypeError(`SQL parameter :${name} has a value of unsupported type ${typeof value}`);
}

const integerTypes = new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'bigint', 'serial', 'bigserial', 'smallserial', 'oid']);
const floatTypes = new Set(['float4', 'float8', 'real', 'double precision']);
const timestampTypes = new Set(['timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone']);

function convertScalar(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (timestampTypes.has(type)) return typeof value === 'string' ? timestampTextToIso(value) : value;
  if (type === 'json' || type === 'jsonb') return typeof value === 'string' ? JSON.parse(value) : value;
  if (type === 'numeric' || type === 'decimal') return String(value);
  if (integerTypes.has(type) || floatTypes.has(type)) return typeof value === 'string' ? Number(value) : value;
  if (type === 'bool' || type === 'boolean') return typeof value === 'string' ? value === 't' || value === 'true' : value;
  return value;
}

/** Data API value of a column whose PostgreSQL type is `typeName` → the port's shape. */
export function convertColumnValue(typeName: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (!typeName) return value;
  const type = typeName.toLowerCase();
  const elementType = type.startsWith('_') ? type.slice(1) : type.endsWith('[]') ? type.slice(0, -2) : undefined;
  if (elementType !== undefined) {
    const items = typeof value === 'string' && value.startsWith('{') ? parseArrayLiteral(value) : value;
    const convert = (item: unknown): unknown => (Array.isArray(item) ? item.map(convert) : convertScalar(elementType, item));
    return Array.isArray(items) ? items.map(convert) : items;
  }
  return convertScalar(type, value);
}

function readRows<Row>(response: ExecuteStatementResponse): Row[] {
  if (!response.formattedRecords) return [];
  const records = JSON.parse(response.formattedRecords) as Record<string, unknown>[];
  const types = new Map<string, string | undefined>();
  for (const column of response.columnMetadata ?? ([] as ColumnMetadata[])) {
    const key = column.label ?? column.name;
    if (key !== undefined) types.set(key, column.typeName);
  }
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) row[key] = convertColumnValue(types.get(key), value);
    return row as Row;
  });
}

function isServiceError(error: unknown): error is Error & { name: string } {
  return error instanceof RDSDataServiceException || (error instanceof Error && '$fault' in error);
}

function isResuming(error: unknown): boolean {
  return isServiceError(error) && error.name === 'DatabaseResumingException';
}

/**
 * Data API errors carry PostgreSQL's message with `; SQLState: 23505` appended, and often a Detail line
 * quoting row values. Only the first line survives into SqlError, so no data reaches a log or client.
 */
export function toSqlError(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  const message = error.message ?? '';
  const code = /SQLState:\s*([0-9A-Z]{5})/.exec(message)?.[1] ?? (error.name === 'StatementTimeoutException' ? '57014' : undefined);
  const constraint = code?.startsWith('23') ? /constraint "([^"]+)"/.exec(message)?.[1] : undefined;
  const firstLine = message.split(/\n|;\s*SQLState:/)[0].replace(/^ERROR:\s*/, '').trim();
  return new SqlError(firstLine || error.name, code, constraint);
}

export function createRdsDataDatabase(options: RdsDataDatabaseOptions): Database {
  const { client, resourceArn, secretArn, database, schema } = options;
  const retry = { ...defaultRetry, ...options.retry };
  const sleep = options.retry?.sleep ?? wait;

  /** Sends a command, retrying only while Aurora Serverless resumes, within the backoff budget. */
  async function send<Output>(call: () => Promise<Output>): Promise<Output> {
    let waited = 0;
    let delay = retry.baseDelayMs;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (!isResuming(error)) throw toSqlError(error);
        if (waited + delay > retry.maxElapsedMs) {
          // 57P03 cannot_connect_now: PostgreSQL's own state for a server not yet accepting work.
          throw new SqlError(`The database did not resume within ${Math.round(retry.maxElapsedMs / 1000)} s`, SqlState.cannotConnectNow);
        }
        await sleep(delay);
        waited += delay;
        delay = Math.min(delay * 2, retry.maxDelayMs);
      }
    }
  }

  async function execute<Row>(sql: string, params: SqlParams | undefined, transactionId?: string): Promise<QueryResult<Row>> {
    const names = namedParametersIn(sql);
    const values = params ?? {};
    requireParameters(names, values);
    const parameters = names.length > 0 ? names.map((name) => toSqlParameter(name, values[name])) : undefined;
    // The TIMESTAMP hint binds a zoneless timestamp; the port promises timestamptz, as the pg adapter binds.
    const hasDates = names.some((name) => values[name] instanceof Date);
    const text = hasDates
      ? toPositionalParameters(sql, values, (_position, value, name) => (value instanceof Date ? `:${name}::timestamptz` : `:${name}`)).text
      : sql;
    const response = await send(() =>
      client.send(
        new ExecuteStatementCommand({
          resourceArn,
          secretArn,
          database,
          schema,
          sql: text,
          parameters,
          transactionId,
          includeResultMetadata: true,
          formatRecordsAs: 'JSON',
        }),
      ),
    );
    const rows = readRows<Row>(response);
    return { rows, rowCount: rows.length > 0 ? rows.length : (response.numberOfRecordsUpdated ?? 0) };
  }

  return {
    query<Row = Record<string, unknown>>(sql: string, params?: SqlParams) {
      return execute<Row>(sql, params);
    },

    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const { transactionId } = await send(() => client.send(new BeginTransactionCommand({ resourceArn, secretArn, database, schema })));
      if (!transactionId) throw new SqlError('The Data API began no transaction', undefined);
      try {
        const tx: Queryable = {
          query: <Row = Record<string, unknown>>(sql: string, params?: SqlParams) => execute<Row>(sql, params, transactionId),
        };
        const result = await fn(tx);
        await send(() => client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId })));
        return result;
      } catch (error) {
        // The transaction may already be gone (failed commit, timeout); the original error is the story.
        await send(() => client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))).catch(() => undefined);
        throw error;
      }
    },

    // The RDSDataClient is shared by every handle of the Lambda instance; nothing here to release.
    async close() {},
  };
}
