import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database, Queryable } from './database.js';
import { quoteIdent } from './database.js';
import { mapPgError } from './pg-errors.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';
import { EmbeddedSocketDatabase } from './embedded-socket-database.js';

/** The single folder of SQL migrations both backends apply (`<package>/migrations`). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));
const MIGRATIONS_TABLE = '__migrations';

export interface MigrateResult {
  /** Migrations applied by this call; 0 when the schema was already current. */
  applied: number;
}

async function countApplied(db: Queryable, schema: string): Promise<number> {
  try {
    const res = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.${MIGRATIONS_TABLE}`,
    );
    return res.rows[0]?.n ?? 0;
  } catch (err) {
    // Before the first run the bookkeeping table does not exist yet (undefined_table).
    if ((err as { code?: string }).code === '42P01') return 0;
    throw err;
  }
}

async function migratePostgres(db: PgDatabase, folder: string): Promise<number> {
  let client;
  try {
    client = await db.pool.connect();
  } catch (err) {
    throw mapPgError(err);
  }
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  try {
    // Several API replicas may start at once: a session lock makes the rest wait, then find nothing
    // left to apply. The key is per schema so test runs in their own schemas do not queue.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`rul-db-migrate:${db.schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(db.schema)}`);
      // Counted under the lock, so each of several concurrent starters reports what it applied itself.
      const before = await countApplied(client, db.schema);
      await migratePg(drizzlePg({ client }), {
        migrationsFolder: folder,
        migrationsSchema: db.schema,
        migrationsTable: MIGRATIONS_TABLE,
      });
      return (await countApplied(client, db.schema)) - before;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`rul-db-migrate:${db.schema}`]);
    }
  } catch (err) {
    failed = true;
    throw mapPgError(err);
  } finally {
    // A failed run drops its connection, which also frees the session lock whatever state it is in.
    client.off('error', onError);
    client.release(failed);
  }
}

/**
 * Brings the schema up to date. Safe to call on every start: already-applied migrations are skipped
 * and all pending ones run in one transaction.
 */
export async function migrate(db: Database, folder = MIGRATIONS_FOLDER): Promise<MigrateResult> {
  // Through the wire in socket mode, so the migration transaction is queued like any other session's.
  if (db instanceof EmbeddedSocketDatabase) db = db.wire;
  if (db instanceof PgDatabase) return { applied: await migratePostgres(db, folder) };
  if (db instanceof PgliteDatabase) {
    const before = await countApplied(db, db.schema);
    await migratePglite(drizzlePglite({ client: db.pglite }), {
      migrationsFolder: folder,
      migrationsSchema: db.schema,
      migrationsTable: MIGRATIONS_TABLE,
    });
    return { applied: (await countApplied(db, db.schema)) - before };
  }
  throw new TypeError(`migrate: unsupported database kind '${db.kind}'`);
}
