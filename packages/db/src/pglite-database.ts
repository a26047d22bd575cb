import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';
import { quoteIdent } from './database.js';
import { DatabaseUnavailableError } from './errors.js';

export interface PgliteDatabaseOptions {
  /** Folder holding the database files; omitted means in memory (tests, throwaway runs). */
  dataDir?: string;
  schema?: string;
}

function mapPgliteError(err: unknown): unknown {
  // PGlite throws plain Errors once closed; callers should see the same error as a lost server.
  if (err instanceof Error && /closed/i.test(err.message) && !('code' in err)) {
    return new DatabaseUnavailableError(`Embedded database unavailable: ${err.message}`, { cause: err });
  }
  return err;
}

function toResult<R>(res: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: res.rows, rowCount: res.affectedRows || res.rows.length };
}

/**
 * Embedded Postgres (PGlite, WASM) persisted in a local folder. It is a single session: PGlite's
 * own mutex serialises queries, and a transaction holds it until COMMIT, so concurrent callers
 * queue rather than interleave.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  readonly schema: string;
  readonly pglite: PGlite;
  #closed = false;

  private constructor(pglite: PGlite, schema: string) {
    this.pglite = pglite;
    this.schema = schema;
  }

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    const pglite = await PGlite.create(options.dataDir);
    const schema = options.schema ?? 'public';
    if (schema !== 'public') {
      // One session, so a session-level search_path applies to every later query.
      await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await pglite.exec(`SET search_path TO ${quoteIdent(schema)}`);
    }
    return new PgliteDatabase(pglite, schema);
  }

  async query<R extends object>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      return toResult(await this.pglite.query<R>(text, params as unknown[] | undefined));
    } catch (err) {
      throw mapPgliteError(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    try {
      return await this.pglite.transaction(async (t) =>
        fn({
          async query<R extends object>(text: string, params?: readonly unknown[]) {
            return toResult(await t.query<R>(text, params as unknown[] | undefined));
          },
        }),
      );
    } catch (err) {
      throw mapPgliteError(err);
    }
  }

  async ping(): Promise<void> {
    if (this.#closed || this.pglite.closed) throw new DatabaseUnavailableError('Embedded database is closed');
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pglite.close();
  }
}
