/**
 * Storage maintenance, at start and every STORAGE_MAINTENANCE_INTERVAL_MINUTES: monthly partitions of
 * telemetry and prediction history are created ahead and, with TELEMETRY_RETENTION_DAYS, those wholly
 * older than that are dropped (engines that ran to failure keep their telemetry: it is training
 * data). On PostgreSQL one replica at a time runs it: a run holds an advisory lock (per schema, so
 * deployments sharing a database do not wait on each other), and a replica that finds it taken skips
 * its turn. The embedded database belongs to one process and needs no lock.
 */
import type { MaintenanceReport } from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';

export interface StorageMaintenance {
  /**
   * Runs maintenance now: its report, or null when another replica holds the lock. While a run of
   * this replica is under way, resolves with that run's report.
   */
  run(): Promise<MaintenanceReport | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    storageMaintenance: StorageMaintenance;
  }
}

/** The advisory lock key of a deployment (its schema): replicas of one deployment take turns. */
export const maintenanceLockKey = (schema: string) => `rul-storage-maintenance:${schema}`;

const did = (r: MaintenanceReport) =>
  r.created.length > 0 || r.dropped.length > 0 || r.keptRows > 0 || r.movedFromDefault > 0;

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { db } = app;
    const log = app.log.child({ component: 'storage-maintenance' });
    const lockKey = maintenanceLockKey(db.schema);
    let current: Promise<MaintenanceReport | null> | undefined;
    let timer: NodeJS.Timeout | undefined;

    // Read at call time, as every repository use is: tests wrap the repository to watch the calls.
    const maintain = () => app.repos.storage.maintain({ retentionDays: config.TELEMETRY_RETENTION_DAYS });

    const exclusive = async (): Promise<MaintenanceReport | null> => {
      if (db.kind !== 'postgres') return maintain();
      // A transaction-level lock is released by COMMIT or ROLLBACK whatever happens, even when the
      // connection dies. Maintenance itself runs on other pooled connections while this one holds it.
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
          [lockKey],
        );
        return rows[0]?.locked ? maintain() : null;
      });
    };

    const run = (): Promise<MaintenanceReport | null> => {
      current ??= exclusive().finally(() => {
        current = undefined;
      });
      return current;
    };

    const tick = async () => {
      try {
        const report = await run();
        if (report === null) log.debug('another replica is maintaining storage; skipped');
        else if (did(report)) log.info({ report }, 'storage maintained');
      } catch (err) {
        log.warn({ err }, 'storage maintenance failed; it runs again on the next interval');
      }
    };

    app.decorate('storageMaintenance', { run });
    app.addHook('onReady', async () => {
      void tick();
      timer = setInterval(() => void tick(), config.STORAGE_MAINTENANCE_INTERVAL_MINUTES * 60_000);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await current?.catch(() => undefined);
    });
  },
  { name: 'storage-maintenance', dependencies: ['database'], fastify: '5.x' },
);
