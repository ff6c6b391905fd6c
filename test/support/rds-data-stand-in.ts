import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseResumingException,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  type BatchExecuteStatementCommandInput,
  type BeginTransactionCommandInput,
  type ColumnMetadata,
  type CommitTransactionCommandInput,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  type RollbackTransactionCommandInput,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import pg from 'pg';
import { MissingSqlParameterError, toPositionalParameters } from '../../shared/db/named-parameters';
import { parseArrayLiteral } from '../../shared/db/postgres-text-values';

/**
 * A stand-in for the RDS Data API that executes each call on the real (embedded) PostgreSQL, reproducing
 * the Data API's behaviour closely enough that its quirks break tests instead of production:
 *  - parameters are bound by their Field type: an unhinted stringValue is a varchar (so
 *    `WHERE uuid_col = :id` fails, `:id::uuid` works), typeHint UUID/TIMESTAMP/DATE/TIME/DECIMAL/JSON bind
 *    as those types, longValue as bigint, doubleValue as float8, booleanValue as boolean, isNull untyped;
 *    arrayValue is refused (not supported for PostgreSQL);
 *  - one statement per call: several statements in one ExecuteStatement are refused;
 *  - results as `formatRecordsAs: JSON`: timestamps 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC without zone,
 *    json/jsonb and numeric as strings, integers and floats as numbers, bytea as base64, arrays as JSON
 *    arrays, with columnMetadata typeName (pg_type.typname, `_int4` for arrays);
 *  - transactions keyed by transactionId, each on its own connection;
 *  - SQL errors as BadRequestException whose message ends in `; SQLState: XXXXX`.
 * The adapter under test keeps the real RDSDataClient and command objects; only `send` is answered here.
 */
export interface StandInLogin {
  user: string;
  password: string;
}

/** The Data API operations the stand-in answers. */
export type RdsDataOperation = 'ExecuteStatement' | 'BatchExecuteStatement' | 'BeginTransaction' | 'CommitTransaction' | 'RollbackTransaction';

export interface RdsDataStandInOptions {
  host: string;
  port: number;
  /** secretArn → the login it holds (the Data API reads the secret to connect). */
  secrets?: Record<string, StandInLogin>;
}

interface TypeInfo {
  typname: string;
  category: string;
  element: number;
}

interface OpenTransaction {
  client: pg.PoolClient;
  database: string;
}

const rawText = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

const hintCasts: Record<string, string> = {
  UUID: '::uuid',
  TIMESTAMP: '::timestamp',
  DATE: '::date',
  TIME: '::time',
  DECIMAL: '::numeric',
  JSON: '::json',
};

function badRequest(message: string): BadRequestException {
  return new BadRequestException({ message, $metadata: { httpStatusCode: 400 } });
}

/** pg error → the Data API's rendering of it (PostgreSQL's server message plus its SQLSTATE). */
function fromPgError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  let message = `ERROR: ${error.message}`;
  if (error.detail) message += `\n  Detail: ${error.detail}`;
  if (error.hint) message += `\n  Hint: ${error.hint}`;
  if (error.position) message += `\n  Position: ${error.position}`;
  return badRequest(`${message}; SQLState: ${error.code}`);
}

function bind(parameter: SqlParameter | undefined, name: string): { cast: string; value: unknown } {
  const field = parameter?.value as Record<string, unknown> | undefined;
  if (!field) throw badRequest(`No value specified for parameter: ${name}`);
  if (field.isNull) return { cast: '', value: null };
  if (typeof field.stringValue === 'string') {
    const hint = parameter?.typeHint;
    if (hint && !hintCasts[hint]) throw badRequest(`Unsupported type hint: ${hint}`);
    return { cast: hint ? hintCasts[hint] : '::varchar', value: field.stringValue };
  }
  if (parameter?.typeHint) throw badRequest(`Type hint ${parameter.typeHint} requires a stringValue (parameter ${name})`);
  if (typeof field.longValue === 'number') return { cast: '::int8', value: String(field.longValue) };
  if (typeof field.doubleValue === 'number') return { cast: '::float8', value: String(field.doubleValue) };
  if (typeof field.booleanValue === 'boolean') return { cast: '::boolean', value: field.booleanValue };
  if (field.blobValue instanceof Uint8Array) return { cast: '::bytea', value: Buffer.from(field.blobValue) };
  if (field.arrayValue) throw badRequest('Array parameters are not supported.');
  throw badRequest(`Unsupported parameter value for ${name}`);
}

function timestampOut(text: string): string {
  // Session TimeZone is UTC, so timestamptz text ends in +00; the Data API drops the zone.
  const m = /^(\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:[+-]\d{2}(?::?\d{2}){0,2})?$/.exec(text);
  if (!m) return text;
  return `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}`;
}

function formatScalar(type: TypeInfo | undefined, text: string): unknown {
  switch (type?.typname) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return Number(text);
    case 'float4':
    case 'float8': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'bool':
      return text === 't';
    case 'timestamp':
    case 'timestamptz':
      return timestampOut(text);
    case 'bytea':
      return Buffer.from(text.slice(2), 'hex').toString('base64');
    default:
      // numeric, json, jsonb, date, time, uuid, text, enums …: strings, as the Data API sends them.
      return text;
  }
}

export class RdsDataStandIn {
  /** A real RDSDataClient whose `send` this stand-in answers. */
  readonly client: RDSDataClient;
  /** Every command received, in order (name and input), for assertions. */
  readonly calls: { command: string; input: unknown }[] = [];
  private readonly mock;
  private readonly pools = new Map<string, pg.Pool>();
  private readonly types = new Map<string, Map<number, TypeInfo>>();
  private readonly transactions = new Map<string, OpenTransaction>();
  private readonly secrets: Map<string, StandInLogin>;
  private resumingFailures = 0;

  constructor(private readonly options: RdsDataStandInOptions) {
    this.secrets = new Map(Object.entries(options.secrets ?? {}));
    this.client = new RDSDataClient({ region: 'eu-north-1', credentials: { accessKeyId: 'stand-in', secretAccessKey: 'stand-in' } });
    this.mock = mockClient(this.client);
    this.mock.onAnyCommand().callsFake(() => Promise.reject(badRequest('The stand-in does not answer this command')));
    this.mock.on(ExecuteStatementCommand).callsFake((input: ExecuteStatementCommandInput) => this.handle('ExecuteStatement', input));
    this.mock.on(BatchExecuteStatementCommand).callsFake((input: BatchExecuteStatementCommandInput) => this.handle('BatchExecuteStatement', input));
    this.mock.on(BeginTransactionCommand).callsFake((input: BeginTransactionCommandInput) => this.handle('BeginTransaction', input));
    this.mock.on(CommitTransactionCommand).callsFake((input: CommitTransactionCommandInput) => this.handle('CommitTransaction', input));
    this.mock.on(RollbackTransactionCommand).callsFake((input: RollbackTransactionCommandInput) => this.handle('RollbackTransaction', input));
  }

  /**
   * Answers one Data API operation by its name, as the mocked client's `send` does; the deployed tier's
   * HTTP endpoint (test/deployed/support/aws/rds-data-endpoint.ts) calls it directly.
   */
  handle(command: RdsDataOperation, input: unknown): Promise<object> {
    switch (command) {
      case 'ExecuteStatement':
        return this.answer(command, input, () => this.executeStatement(input as ExecuteStatementCommandInput));
      case 'BatchExecuteStatement':
        return this.answer(command, input, () => this.batchExecute(input as BatchExecuteStatementCommandInput));
      case 'BeginTransaction':
        return this.answer(command, input, () => this.begin(input as BeginTransactionCommandInput));
      case 'CommitTransaction':
        return this.answer(command, input, () => this.end(input as CommitTransactionCommandInput, 'COMMIT'));
      case 'RollbackTransaction':
        return this.answer(command, input, () => this.end(input as RollbackTransactionCommandInput, 'ROLLBACK'));
      default:
        return Promise.reject(badRequest('The stand-in does not answer this command'));
    }
  }

  addSecret(secretArn: string, login: StandInLogin): void {
    this.secrets.set(secretArn, login);
  }

  /** The next `times` calls (of any command) fail with DatabaseResumingException, like a paused cluster. */
  failWithResuming(times: number): void {
    this.resumingFailures = times;
  }

  get openTransactions(): number {
    return this.transactions.size;
  }

  async close(): Promise<void> {
    for (const [id, tx] of this.transactions) {
      this.transactions.delete(id);
      await tx.client.query('ROLLBACK').catch(() => undefined);
      tx.client.release(true);
    }
    for (const pool of this.pools.values()) await pool.end().catch(() => undefined);
    this.pools.clear();
    this.mock.restore();
  }

  private async answer<T>(command: string, input: unknown, run: () => Promise<T>): Promise<T> {
    this.calls.push({ command, input });
    if (this.resumingFailures > 0) {
      this.resumingFailures -= 1;
      throw new DatabaseResumingException({
        message: 'The Aurora DB instance is resuming after being auto-paused. Please wait a few seconds and try again.',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return run();
  }

  private pool(secretArn: string | undefined, database: string | undefined): { pool: pg.Pool; key: string } {
    const login = secretArn ? this.secrets.get(secretArn) : undefined;
    if (!login) throw badRequest('Error fetching secret: the secret ARN is unknown or not accessible');
    if (!database) throw badRequest('Database name is required for this stand-in');
    const key = `${login.user}\u0000${database}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: this.options.host,
        port: this.options.port,
        user: login.user,
        password: login.password,
        database,
        max: 4,
        options: '-c TimeZone=UTC',
        types: rawText,
        allowExitOnIdle: true,
      });
      pool.on('error', () => undefined);
      this.pools.set(key, pool);
    }
    return { pool, key };
  }

  private async typeInfo(key: string, client: pg.Pool | pg.PoolClient, oids: number[]): Promise<Map<number, TypeInfo>> {
    let known = this.types.get(key);
    if (!known) {
      known = new Map();
      this.types.set(key, known);
    }
    const missing = [...new Set(oids)].filter((oid) => !known.has(oid));
    if (missing.length > 0) {
      const { rows } = await client.query<{ oid: string; typname: string; typcategory: string; typelem: string }>(
        `SELECT oid, typname, typcategory, typelem FROM pg_type
          WHERE oid = ANY($1::oid[]) OR oid IN (SELECT typelem FROM pg_type WHERE oid = ANY($1::oid[]))`,
        [`{${missing.join(',')}}`],
      );
      for (const row of rows) known.set(Number(row.oid), { typname: row.typname, category: row.typcategory, element: Number(row.typelem) });
    }
    return known;
  }

  private async executeStatement(input: ExecuteStatementCommandInput): Promise<Partial<ExecuteStatementCommandOutput>> {
    if (!input.sql?.trim()) throw badRequest('SQL statement is required');
    let target: pg.Pool | pg.PoolClient;
    let key: string;
    if (input.transactionId) {
      const tx = this.transactions.get(input.transactionId);
      if (!tx) throw badRequest(`Transaction ${input.transactionId} is not found`);
      target = tx.client;
      key = this.pool(input.secretArn, tx.database).key;
    } else {
      ({ pool: target, key } = this.pool(input.secretArn, input.database));
    }

    const byName = new Map((input.parameters ?? []).map((p) => [p.name ?? '', p]));
    let query;
    try {
      const bound = new Map<string, { cast: string; value: unknown }>();
      query = toPositionalParameters(
        input.sql,
        Object.fromEntries([...byName.keys()].map((name) => [name, name])),
        (position, _value, name) => {
          let binding = bound.get(name);
          if (!binding) {
            binding = bind(byName.get(name), name);
            bound.set(name, binding);
          }
          return `$${position}${binding.cast}`;
        },
      );
      query.values = query.names.map((name) => bound.get(name)!.value);
    } catch (error) {
      if (error instanceof MissingSqlParameterError) throw badRequest(`No value specified for parameter: ${error.parameter}`);
      throw error;
    }

    let result: pg.QueryResult;
    try {
      // The extended protocol runs exactly one statement, as the Data API does for PostgreSQL.
      result = await target.query({ text: query.text, values: query.values, queryMode: 'extended' } as pg.QueryConfig);
    } catch (error) {
      throw fromPgError(error);
    }

    const changed = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command) ? (result.rowCount ?? 0) : 0;
    if (!result.fields || result.fields.length === 0) {
      return { numberOfRecordsUpdated: result.rowCount ?? 0, generatedFields: [], $metadata: {} };
    }

    const types = await this.typeInfo(key, target, result.fields.map((f) => f.dataTypeID));
    const format = (oid: number, text: string | null): unknown => {
      if (text === null) return null;
      const type = types.get(oid);
      if (type?.category === 'A') {
        return parseArrayLiteral(text).map(function element(item): unknown {
          return Array.isArray(item) ? item.map(element) : item === null ? null : formatScalar(types.get(type.element), item as string);
        });
      }
      return formatScalar(type, text);
    };
    const records = result.rows.map((row: Record<string, string | null>) => {
      const record: Record<string, unknown> = {};
      for (const field of result.fields) record[field.name] = format(field.dataTypeID, row[field.name]);
      return record;
    });
    const columnMetadata: ColumnMetadata[] = result.fields.map((field) => ({
      name: field.name,
      label: field.name,
      typeName: types.get(field.dataTypeID)?.typname,
    }));
    return {
      columnMetadata: input.includeResultMetadata ? columnMetadata : undefined,
      formattedRecords: input.formatRecordsAs === 'JSON' ? JSON.stringify(records) : undefined,
      numberOfRecordsUpdated: changed,
      $metadata: {},
    };
  }

  private async batchExecute(input: BatchExecuteStatementCommandInput) {
    const updateResults = [];
    for (const parameters of input.parameterSets?.length ? input.parameterSets : [[]]) {
      await this.executeStatement({ ...input, parameters } as ExecuteStatementCommandInput);
      updateResults.push({ generatedFields: [] });
    }
    return { updateResults, $metadata: {} };
  }

  private async begin(input: BeginTransactionCommandInput) {
    const { pool } = this.pool(input.secretArn, input.database);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
      await client.query('BEGIN');
    } catch (error) {
      throw fromPgError(error);
    }
    const transactionId = randomBytes(48).toString('base64');
    this.transactions.set(transactionId, { client, database: input.database! });
    return { transactionId, $metadata: {} };
  }

  private async end(input: CommitTransactionCommandInput | RollbackTransactionCommandInput, verb: 'COMMIT' | 'ROLLBACK') {
    const id = input.transactionId ?? '';
    const tx = this.transactions.get(id);
    if (!tx) throw badRequest(`Transaction ${id} is not found`);
    this.transactions.delete(id);
    try {
      await tx.client.query(verb);
      tx.client.release();
    } catch (error) {
      await tx.client.query('ROLLBACK').catch(() => undefined);
      tx.client.release(true);
      throw fromPgError(error);
    }
    return { transactionStatus: verb === 'COMMIT' ? 'Transaction Committed' : 'Rollback Complete', $metadata: {} };
  }
}
