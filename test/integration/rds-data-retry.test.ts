import {
  BadRequestException,
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseResumingException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRdsDataDatabase, type RdsDataRetryOptions } from '../../shared/adapters/aws/rds-data-database';
import { SqlError } from '../../shared/ports/database';
import { createTestDatabase, dataApiDatabaseFor, type TestDatabase } from '../support/test-database';

const client = new RDSDataClient({ region: 'eu-north-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const rdsData = mockClient(client);
const target = {
  resourceArn: 'arn:aws:rds:eu-north-1:000000000000:cluster:c',
  secretArn: 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:s',
  database: 'control',
};

const resuming = () => new DatabaseResumingException({ message: 'The Aurora DB instance is resuming after being auto-paused.', $metadata: {} });

/** Records the backoff instead of waiting for it. */
function recordedRetry(options: RdsDataRetryOptions = {}) {
  const sleeps: number[] = [];
  return { sleeps, retry: { ...options, sleep: async (ms: number) => void sleeps.push(ms) } };
}

beforeEach(() => {
  rdsData.reset();
});

afterAll(() => {
  rdsData.restore();
});

describe('Data API retry while Aurora resumes', () => {
  it('retries DatabaseResumingException with growing delays, then returns the result', async () => {
    rdsData
      .on(ExecuteStatementCommand)
      .rejectsOnce(resuming())
      .rejectsOnce(resuming())
      .resolves({ formattedRecords: '[{"n":1}]', columnMetadata: [{ name: 'n', label: 'n', typeName: 'int4' }] });
    const { sleeps, retry } = recordedRetry({ baseDelayMs: 100, maxElapsedMs: 1_000 });
    const db = createRdsDataDatabase({ client, ...target, retry });

    await expect(db.query('SELECT 1 AS n')).resolves.toEqual({ rows: [{ n: 1 }], rowCount: 1 });
    expect(rdsData.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('retries BeginTransaction too, and runs the transaction on the id it returns', async () => {
    rdsData.on(BeginTransactionCommand).rejectsOnce(resuming()).resolves({ transactionId: 'tx-1' });
    rdsData.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 3 });
    rdsData.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
    const { retry } = recordedRetry({ baseDelayMs: 10 });
    const db = createRdsDataDatabase({ client, ...target, retry });

    const updated = await db.transaction(async (tx) => (await tx.query(`UPDATE t SET x = :x`, { x: 1 })).rowCount);
    expect(updated).toBe(3);
    expect(rdsData.commandCalls(BeginTransactionCommand)).toHaveLength(2);
    expect(rdsData.commandCalls(ExecuteStatementCommand)[0].args[0].input).toMatchObject({
      transactionId: 'tx-1',
      parameters: [{ name: 'x', value: { longValue: 1 } }],
      formatRecordsAs: 'JSON',
      includeResultMetadata: true,
    });
    expect(rdsData.commandCalls(CommitTransactionCommand)[0].args[0].input).toMatchObject({ transactionId: 'tx-1' });
    expect(rdsData.commandCalls(RollbackTransactionCommand)).toHaveLength(0);
  });

  it('gives up with a clear SqlError once the backoff budget is spent', async () => {
    rdsData.on(ExecuteStatementCommand).rejects(resuming());
    const { sleeps, retry } = recordedRetry({ baseDelayMs: 100, maxElapsedMs: 1_000 });
    const db = createRdsDataDatabase({ client, ...target, retry });

    const error = await db.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect((error as Error).message).toMatch(/did not resume/);
    expect((error as SqlError).code).toBe('57P03'); // the HTTP layer answers 503 with Retry-After
    // 100 + 200 + 400 = 700 waited; another 800 would exceed 1000.
    expect(sleeps).toEqual([100, 200, 400]);
    expect(rdsData.commandCalls(ExecuteStatementCommand)).toHaveLength(4);
  });

  it('keeps the default budget near 45 seconds', async () => {
    rdsData.on(ExecuteStatementCommand).rejects(resuming());
    const { sleeps, retry } = recordedRetry();
    const db = createRdsDataDatabase({ client, ...target, retry });

    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(SqlError);
    const waited = sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(30_000);
    expect(waited).toBeLessThanOrEqual(45_000);
  });

  it('does not retry SQL errors, and maps them to SqlError with SQLSTATE and constraint but no row data', async () => {
    rdsData.on(ExecuteStatementCommand).rejects(
      new BadRequestException({
        message: 'ERROR: duplicate key value violates unique constraint "users_email"\n  Detail: Key (email)=(a@b.example) already exists.; SQLState: 23505',
        $metadata: {},
      }),
    );
    const { sleeps, retry } = recordedRetry();
    const db = createRdsDataDatabase({ client, ...target, retry });

    const error = await db.query('INSERT INTO users (email) VALUES (:email)', { email: 'a@b.example' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ code: '23505', constraint: 'users_email', message: 'duplicate key value violates unique constraint "users_email"' });
    expect((error as Error).message).not.toContain('a@b.example');
    expect(rdsData.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry other service errors', async () => {
    rdsData.on(ExecuteStatementCommand).rejects(new InternalServerErrorException({ message: 'internal', $metadata: {} }));
    const { sleeps, retry } = recordedRetry();
    const db = createRdsDataDatabase({ client, ...target, retry });

    await expect(db.query('SELECT 1')).rejects.toMatchObject({ name: 'SqlError', code: undefined });
    expect(rdsData.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('rolls back and rethrows when the transaction function throws', async () => {
    rdsData.on(BeginTransactionCommand).resolves({ transactionId: 'tx-2' });
    rdsData.on(RollbackTransactionCommand).resolves({ transactionStatus: 'Rollback Complete' });
    const db = createRdsDataDatabase({ client, ...target });
    const failure = new Error('no');

    await expect(db.transaction(async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(rdsData.commandCalls(RollbackTransactionCommand)[0].args[0].input).toMatchObject({ transactionId: 'tx-2' });
    expect(rdsData.commandCalls(CommitTransactionCommand)).toHaveLength(0);
  });
});

describe('Data API retry through the stand-in', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('empty');
  });

  afterAll(async () => {
    await testDb?.drop();
  });

  it('survives a resuming cluster on the way into a real transaction', async () => {
    const db = dataApiDatabaseFor(testDb.connection, { retry: { baseDelayMs: 1, sleep: async () => undefined } });
    try {
      db.standIn.failWithResuming(2);
      const value = await db.transaction(async (tx) => (await tx.query<{ v: number }>('SELECT :v AS v', { v: 5 })).rows[0].v);
      expect(value).toBe(5);
      expect(db.standIn.calls.map((c) => c.command)).toEqual([
        'BeginTransaction',
        'BeginTransaction',
        'BeginTransaction',
        'ExecuteStatement',
        'CommitTransaction',
      ]);
      expect(db.standIn.openTransactions).toBe(0);
    } finally {
      await db.close();
    }
  });
});
