import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/database.js';
import { migrate } from '../../src/migrate.js';
import { openDatabase, type OpenDatabaseOptions } from '../../src/open-database.js';

/** The real PostgreSQL the suite talks to; override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface OpenedBackend {
  db: Database;
  /** Options that reopen the same database (same schema or data folder). */
  options: OpenDatabaseOptions;
  /** Closes the database and removes everything the run created. */
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'postgres' | 'pglite';
  /** Opens a fresh, empty, migrated database of this kind. */
  open(opts?: { migrate?: boolean; poolMax?: number }): Promise<OpenedBackend>;
}

export function uniqueSchema(): string {
  return `rul_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

const postgres: Backend = {
  name: 'postgres',
  async open(opts = {}) {
    // A schema per run keeps parallel runs (and parallel files) from seeing each other's rows.
    const options = { databaseUrl: TEST_DATABASE_URL, schema: uniqueSchema(), poolMax: opts.poolMax ?? 10 };
    const db = await openDatabase(options);
    if (opts.migrate !== false) await migrate(db);
    return {
      db,
      options,
      async cleanup() {
        await db.close();
        const admin = await openDatabase({ databaseUrl: TEST_DATABASE_URL });
        await admin.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
        await admin.close();
      },
    };
  },
};

const pglite: Backend = {
  name: 'pglite',
  async open(opts = {}) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rul-db-test-'));
    const options = { dataDir };
    const db = await openDatabase(options);
    if (opts.migrate !== false) await migrate(db);
    return {
      db,
      options,
      async cleanup() {
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const BACKENDS: Backend[] = [postgres, pglite];
export const POSTGRES = postgres;
export const PGLITE = pglite;
