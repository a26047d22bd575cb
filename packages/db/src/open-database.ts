import path from 'node:path';
import type { Database } from './database.js';
import { EmbeddedSocketDatabase, type SocketOptions } from './embedded-socket-database.js';
import { ValidationError } from './errors.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Embedded mode: the database lives in `<dataDir>/pgdata`. Absent means in memory. */
  dataDir?: string;
  /** Schema holding the tables (default public). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolMax?: number;
  connectionTimeoutMillis?: number;
  /** Embedded mode only: also serve the database over the Postgres wire protocol. */
  socket?: SocketOptions;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens PostgreSQL when a URL is given, the embedded database otherwise. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new ValidationError('schema must be a lowercase SQL identifier', { field: 'schema' });
  }
  if (options.databaseUrl) {
    return new PgDatabase({
      connectionString: options.databaseUrl,
      schema: options.schema,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectionTimeoutMillis,
    });
  }
  const dataDir = options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined;
  if (options.socket) {
    return EmbeddedSocketDatabase.open({ dataDir, schema: options.schema, socket: options.socket });
  }
  return PgliteDatabase.open({ dataDir, schema: options.schema });
}

/**
 * Options from the environment, for the package's own command-line scripts (the API builds them from
 * its validated config instead): DATABASE_URL, DATA_DIR (default ./.data), DB_SCHEMA,
 * PGLITE_SOCKET_PORT / PGLITE_SOCKET_HOST.
 */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDatabaseOptions {
  const port = env.PGLITE_SOCKET_PORT ? Number(env.PGLITE_SOCKET_PORT) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new ValidationError('PGLITE_SOCKET_PORT must be a port number', { field: 'PGLITE_SOCKET_PORT' });
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || '.data',
    schema: env.DB_SCHEMA || undefined,
    socket: port === undefined ? undefined : { port, host: env.PGLITE_SOCKET_HOST || undefined },
  };
}
