// The one interface both storage backends implement. Repositories only ever see these types, so
// anything they do works the same on PostgreSQL and on the embedded database.

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned or affected by the statement. */
  rowCount: number;
}

export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Schema every unqualified table name resolves to. */
  readonly schema: string;
  /**
   * Runs `fn` in one transaction (READ COMMITTED). Resolves after COMMIT succeeded; any throw rolls
   * back and is re-thrown.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Round trip to the database; rejects with DatabaseUnavailableError when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
