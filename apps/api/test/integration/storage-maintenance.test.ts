// Real: the app on PostgreSQL (own schema) and Redis, the storage repository, a second connection that
// holds the maintenance lock as another replica would. Faked: nothing (the repository is wrapped to count calls).
import { openDatabase, type MaintenanceReport } from '@rul/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { maintenanceLockKey } from '../../src/plugins/app/fleet/storage-maintenance.js';
import { testConfig, TEST_API_KEYS } from '../helpers/test-app.js';
import { POSTGRES_REDIS, TEST_DATABASE_URL, waitFor, type BackendRun } from './fleet-backends.js';

describe('storage maintenance on PostgreSQL', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const calls: { retentionDays: number }[] = [];
  const reports: MaintenanceReport[] = [];

  beforeAll(async () => {
    run = await POSTGRES_REDIS.create();
    app = await buildApp(
      testConfig({ ...run.env, API_KEYS: TEST_API_KEYS, TELEMETRY_RETENTION_DAYS: '400' }),
      { logger: false, fleet: true },
    );
    // Wrapped before ready, so the run at start is seen too.
    const storage = app.repos.storage;
    const maintain = storage.maintain.bind(storage);
    storage.maintain = async (options) => {
      calls.push(options);
      const report = await maintain(options);
      reports.push(report);
      return report;
    };
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await run?.cleanup();
  });

  it('runs at start with the configured retention', async () => {
    await waitFor(() => reports.length === 1);
    expect(calls[0]).toMatchObject({ retentionDays: 400 });
    // A fresh schema holds only the DEFAULT partitions: the start run creates this month's.
    const now = new Date();
    const month = `y${now.getUTCFullYear()}m${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(reports[0]?.created).toEqual(
      expect.arrayContaining([`telemetry_${month}`, `predictions_${month}`]),
    );
  });

  it('skips its turn while another replica holds the lock, and runs once it is free', async () => {
    await waitFor(async () => (await app.storageMaintenance.run()) !== null); // the start run is over
    const schema = run.env['DB_SCHEMA'] as string;
    const other = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
    let release: () => void = () => undefined;
    let held: () => void = () => undefined;
    const isHeld = new Promise<void>((r) => (held = r));
    const holder = other.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [maintenanceLockKey(schema)]);
      held();
      await new Promise<void>((r) => (release = r));
    });
    try {
      await isHeld;
      const before = calls.length;
      expect(await app.storageMaintenance.run()).toBeNull();
      expect(calls).toHaveLength(before);
    } finally {
      release();
      await holder;
      await other.close();
    }
    const report = (await app.storageMaintenance.run()) as MaintenanceReport;
    expect(report).toMatchObject({ created: expect.any(Array), dropped: expect.any(Array) });
  });
});
