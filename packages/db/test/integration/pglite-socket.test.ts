// Real: embedded PGlite served over the Postgres wire protocol, with real pg clients standing in for the Python worker. Faked: nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSocketDatabase } from '../../src/embedded-socket-database.js';
import { migrate } from '../../src/migrate.js';
import { openDatabase } from '../../src/open-database.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import {
  CLAIM_NEXT_SQL,
  COMPLETE_SQL,
  REPORT_PROGRESS_SQL,
} from '../../src/repositories/training-jobs-sql.js';
import { readings } from './readings.js';

describe('embedded database over the wire protocol', () => {
  let dataDir: string;
  let db: EmbeddedSocketDatabase;
  let repos: Repositories;
  const clients: pg.Client[] = [];

  const worker = async () => {
    const client = new pg.Client({
      host: db.address.host,
      port: db.address.port,
      user: 'postgres',
      database: 'postgres',
    });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rul-db-socket-'));
    const opened = await openDatabase({ dataDir, socket: { port: 0 } });
    if (!(opened instanceof EmbeddedSocketDatabase)) throw new Error('expected the socket mode');
    db = opened;
    await migrate(db);
    repos = createRepositories(db);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets an outside worker claim, report and complete a job with the documented SQL', async () => {
    const job = await repos.trainingJobs.enqueue({ dataSource: 'fleet', params: { epochs: 1 } });
    const w = await worker();
    const claimed = await w.query(CLAIM_NEXT_SQL, ['py-worker']);
    expect(claimed.rows[0]).toMatchObject({ id: job.id, status: 'running', worker_id: 'py-worker' });
    const progress = { epoch: 1, epochs: 1, trainLoss: 0.5, valLoss: 0.6, history: [] };
    expect(
      (await w.query(REPORT_PROGRESS_SQL, [job.id, 'py-worker', JSON.stringify(progress), 'ok'])).rowCount,
    ).toBe(1);
    expect((await w.query(COMPLETE_SQL, [job.id, 'py-worker', '{"rmse":12}', 'v9', null])).rowCount).toBe(1);
    expect(await repos.trainingJobs.get(job.id)).toMatchObject({
      status: 'succeeded',
      modelVersion: 'v9',
      progress,
    });
  });

  it("keeps an outside client's open transaction invisible to this process until it commits", async () => {
    const job = await repos.trainingJobs.enqueue({ dataSource: 'fleet' });
    const w = await worker();
    await w.query('BEGIN');
    await w.query(CLAIM_NEXT_SQL, ['py-worker']);
    let seen: string | undefined;
    const reading = repos.trainingJobs.get(job.id).then((j) => (seen = j?.status));
    await new Promise((r) => setTimeout(r, 150));
    // PGlite is one session: the in-process read queues behind the open transaction, never inside it.
    expect(seen).toBeUndefined();
    await w.query('COMMIT');
    await reading;
    expect(seen).toBe('running');
  });

  it('hands each job to exactly one of several concurrent claimers', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await repos.trainingJobs.enqueue({ dataSource: 'fleet' })).id);
    const outside = await Promise.all([worker(), worker()]);
    const claimAll = async (claim: () => Promise<string | undefined>) => {
      const got: string[] = [];
      for (let id = await claim(); id; id = await claim()) got.push(id);
      return got;
    };
    const claims = (
      await Promise.all([
        ...outside.map((c, i) =>
          claimAll(async () => (await c.query(CLAIM_NEXT_SQL, [`py-${i}`])).rows[0]?.id),
        ),
        claimAll(async () => (await repos.trainingJobs.claimNext('node'))?.id),
      ])
    ).flat();
    expect(claims).toHaveLength(12);
    expect(new Set(claims)).toEqual(ids);
  });

  it('serves the repositories through the same queue', async () => {
    expect(await repos.telemetry.ingest('ENG-W', readings(1, 20))).toMatchObject({ stored: 20 });
    const w = await worker();
    const res = await w.query('SELECT count(*)::int AS n FROM telemetry WHERE engine_id = $1', ['ENG-W']);
    expect(res.rows[0]?.n).toBe(20);
    await expect(db.ping()).resolves.toBeUndefined();
  });
});
