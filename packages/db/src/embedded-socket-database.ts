import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Database, Queryable, QueryResult } from './database.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

export interface SocketOptions {
  port: number;
  host?: string;
  /** Wire connections accepted, this process's own pool included; defaults to 8. */
  maxConnections?: number;
}

/**
 * Embedded database also served over the Postgres wire protocol, so an external process (the
 * Python training worker) can use it like a server.
 *
 * PGlite is one session. The socket server keeps a wire client's open transaction to itself, but it
 * does not know about callers using the PGlite object directly: such a query would run inside a
 * wire client's transaction (and vice versa). So in this mode this process talks to its own socket
 * through a small pg pool too, and every session goes through the one transaction-aware queue.
 */
export class EmbeddedSocketDatabase implements Database {
  readonly kind = 'pglite';
  readonly schema: string;

  private constructor(
    readonly embedded: PgliteDatabase,
    readonly server: PGLiteSocketServer,
    readonly wire: PgDatabase,
    readonly address: { host: string; port: number },
  ) {
    this.schema = embedded.schema;
  }

  static async open(options: {
    dataDir?: string;
    schema?: string;
    socket: SocketOptions;
  }): Promise<EmbeddedSocketDatabase> {
    const embedded = await PgliteDatabase.open(options);
    const host = options.socket.host ?? '127.0.0.1';
    const maxConnections = options.socket.maxConnections ?? 8;
    const server = new PGLiteSocketServer({
      db: embedded.pglite,
      host,
      port: options.socket.port,
      maxConnections,
    });
    try {
      await server.start();
    } catch (err) {
      await embedded.close();
      throw err;
    }
    const port = Number(server.getServerConn().split(':').pop());
    const wire = new PgDatabase({
      connectionString: `postgres://postgres@${host}:${port}/postgres`,
      schema: embedded.schema,
      // Leave connections for the outside clients this mode exists for.
      max: Math.max(1, Math.floor(maxConnections / 2)),
    });
    return new EmbeddedSocketDatabase(embedded, server, wire, { host, port });
  }

  query<R extends object>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.wire.query<R>(text, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.wire.transaction(fn);
  }

  ping(): Promise<void> {
    return this.wire.ping();
  }

  async close(): Promise<void> {
    await this.wire.close();
    await this.server.stop();
    await this.embedded.close();
  }
}
