import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';
import { quoteIdent } from './database.js';
import { isUnavailable, mapPgError } from './pg-errors.js';

export interface PgDatabaseOptions {
  connectionString: string;
  /** Schema for every unqualified table; defaults to public. */
  schema?: string;
  /** Pool size; defaults to 10. */
  max?: number;
  /** How long to wait for a connection before failing as unavailable; defaults to 5 s. */
  connectionTimeoutMillis?: number;
  /** Server-side cap on any single statement; defaults to 30 s so a stuck query cannot hold a request. */
  statementTimeoutMillis?: number;
  /** Called with errors from idle pooled clients (server restarts); they must not crash the process. */
  onIdleError?: (err: Error) => void;
}

/** PostgreSQL over a node-postgres pool. */
export class PgDatabase implements Database {
  readonly kind = 'postgres';
  readonly schema: string;
  readonly pool: pg.Pool;
  #closed = false;

  constructor(options: PgDatabaseOptions) {
    this.schema = options.schema ?? 'public';
    // search_path is set per connection at startup, so pooled clients never lose it.
    const startup = [`-c search_path=${quoteIdent(this.schema)}`];
    startup.push(`-c statement_timeout=${options.statementTimeoutMillis ?? 30_000}`);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
      idleTimeoutMillis: 30_000,
      options: startup.join(' '),
    });
    this.pool.on('error', options.onIdleError ?? (() => undefined));
  }

  async query<R extends object>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      const res = await this.pool.query<R>(text, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    } catch (err) {
      throw mapPgError(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapPgError(err);
    }
    const tx: Queryable = {
      async query<R extends object>(text: string, params?: readonly unknown[]) {
        const res = await client.query<R>(text, params as unknown[] | undefined);
        return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
      },
    };
    let broken = false;
    // A checked-out client has no pool listener: without ours, a dropped connection would surface as
    // an uncaught 'error' event instead of as the failed query below.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = isUnavailable(err);
      if (!broken) {
        // A failed ROLLBACK means the connection is gone; drop it from the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
      }
      throw mapPgError(err);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }
}
