import type { Database, Queryable, QueryResult, SqlParams } from '../shared/ports/database';

/**
 * A Database that counts what a use case sends to the server: every statement, inside transactions too,
 * and the transactions themselves. On the Data API each statement is one HTTP call and BEGIN/COMMIT are
 * two more (BeginTransaction, CommitTransaction), so the counts translate directly into round trips.
 */
export interface StatementCounts {
  statements: number;
  transactions: number;
}

export interface CountingDatabase extends Database {
  counts(): StatementCounts;
  reset(): void;
}

export function countingDatabase(inner: Database): CountingDatabase {
  let statements = 0;
  let transactions = 0;
  const counted = <Row>(target: Queryable, sql: string, params?: SqlParams): Promise<QueryResult<Row>> => {
    statements += 1;
    return target.query<Row>(sql, params);
  };
  return {
    query: <Row = Record<string, unknown>>(sql: string, params?: SqlParams) => counted<Row>(inner, sql, params),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      transactions += 1;
      return inner.transaction((tx) => fn({ query: <Row = Record<string, unknown>>(sql: string, params?: SqlParams) => counted<Row>(tx, sql, params) }));
    },
    close: () => inner.close(),
    counts: () => ({ statements, transactions }),
    reset() {
      statements = 0;
      transactions = 0;
    },
  };
}
