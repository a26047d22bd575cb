/**
 * Fleet storage as a plugin: `app.db` and `app.repos`. PostgreSQL when DATABASE_URL is set, otherwise
 * the embedded PGlite database in DATA_DIR (also served over the wire protocol when
 * PGLITE_SOCKET_PORT or TRAINER_WORKER is set, so an external worker can reach it). Migrations run at
 * start; when PostgreSQL is not reachable yet the app still starts, reports the `database` check as
 * failing and keeps retrying in the background.
 */
import {
  createRepositories,
  DatabaseUnavailableError,
  migrate,
  openDatabase,
  type Database,
  type Repositories,
} from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../config/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    repos: Repositories;
  }
}

const RETRY_MS = 2000;

export interface DatabasePluginOptions {
  config: Config;
  /** Embedded database in memory instead of DATA_DIR (generating the OpenAPI document). */
  inMemory?: boolean;
}

export default fp<DatabasePluginOptions>(
  async (app, { config, inMemory = false }) => {
    const wantSocket =
      !config.DATABASE_URL && (config.PGLITE_SOCKET_PORT !== undefined || !!config.TRAINER_WORKER);
    const db = await openDatabase({
      ...(config.DATABASE_URL
        ? { databaseUrl: config.DATABASE_URL }
        : inMemory
          ? {}
          : { dataDir: config.DATA_DIR }),
      ...(config.DB_SCHEMA ? { schema: config.DB_SCHEMA } : {}),
      ...(wantSocket ? { socket: { port: config.PGLITE_SOCKET_PORT ?? 0 } } : {}),
    });
    const log = app.log.child({ component: 'database' });
    let migrated = false;
    let lastError: string | undefined;
    let retry: NodeJS.Timeout | undefined;
    let closed = false;

    const tryMigrate = async (): Promise<void> => {
      try {
        const result = await migrate(db);
        migrated = true;
        lastError = undefined;
        log.info({ kind: db.kind, schema: db.schema, result }, 'database migrated');
      } catch (err) {
        if (!(err instanceof DatabaseUnavailableError)) throw err;
        lastError = err.message;
        log.warn({ err }, `database unreachable; retrying in ${RETRY_MS} ms`);
        if (!closed)
          retry = setTimeout(() => void tryMigrate().catch((e) => log.error({ err: e })), RETRY_MS);
      }
    };
    await tryMigrate();

    app.decorate('db', db);
    app.decorate(
      'repos',
      createRepositories(db, {
        thresholds: { warningRul: config.RUL_WARNING_THRESHOLD, criticalRul: config.RUL_CRITICAL_THRESHOLD },
      }),
    );
    app.readiness.register('database', async () => {
      if (!migrated) return { ok: false, detail: `${db.kind} not migrated yet (${lastError ?? 'starting'})` };
      try {
        await db.ping();
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: `${db.kind} unreachable: ${(err as Error).message}` };
      }
    });
    app.addHook('onClose', async () => {
      closed = true;
      clearTimeout(retry);
      await db.close();
    });
  },
  { name: 'database', dependencies: ['readiness'], fastify: '5.x' },
);
