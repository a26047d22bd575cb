// Real: PostgreSQL at TEST_DATABASE_URL (own schema) and embedded PGlite (temp folder). Faked: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { CLAIM_NEXT_SQL } from '../../src/repositories/training-jobs-sql.js';
import { BACKENDS, type OpenedBackend } from './backends.js';

const progress = (epoch: number) => ({
  epoch,
  epochs: 3,
  trainLoss: 1 / epoch,
  valLoss: 1.2 / epoch,
  history: Array.from({ length: epoch }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 1 / (i + 1),
    valLoss: 1.2 / (i + 1),
  })),
});

describe.each(BACKENDS)('training jobs on $name', (backend) => {
  let opened: OpenedBackend;
  let repos: Repositories;

  beforeAll(async () => {
    opened = await backend.open();
    repos = createRepositories(opened.db);
  });
  afterAll(() => opened.cleanup());

  it('runs a job through queue, claim, progress and completion', async () => {
    const job = await repos.trainingJobs.enqueue({ dataSource: 'fleet', params: { epochs: 3 } });
    expect(job).toMatchObject({ status: 'queued', params: { epochs: 3 }, attempts: 0, workerId: null });
    const claimed = await repos.trainingJobs.claimNext('worker-a');
    expect(claimed).toMatchObject({ id: job.id, status: 'running', workerId: 'worker-a', attempts: 1 });
    expect(claimed?.startedAt).toBeInstanceOf(Date);
    expect(await repos.trainingJobs.claimNext('worker-b')).toBeNull();
    expect(await repos.trainingJobs.reportProgress(job.id, 'worker-a', progress(2), 'epoch 2 done')).toBe(
      true,
    );
    // Another worker cannot write to a job it does not hold.
    expect(await repos.trainingJobs.reportProgress(job.id, 'worker-b', progress(3))).toBe(false);
    const mid = await repos.trainingJobs.get(job.id);
    expect(mid?.progress).toEqual(progress(2));
    expect(mid?.logTail).toBe('epoch 2 done');
    expect(
      await repos.trainingJobs.complete(job.id, 'worker-a', { metrics: { rmse: 13.1 }, modelVersion: 'v7' }),
    ).toBe(true);
    const done = await repos.trainingJobs.get(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      metrics: { rmse: 13.1 },
      modelVersion: 'v7',
      logTail: 'epoch 2 done',
    });
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(await repos.trainingJobs.complete(job.id, 'worker-a', { metrics: {}, modelVersion: 'v8' })).toBe(
      false,
    );
  });

  it('records failures, cancels, and validates', async () => {
    const upload = await repos.trainingJobs.enqueue({ dataSource: 'upload', dataText: '1 1 0.1 ...' });
    expect((await repos.trainingJobs.get(upload.id))?.dataText).toBe('1 1 0.1 ...');
    expect((await repos.trainingJobs.list({ status: 'queued' }))[0]?.dataText).toBeNull();
    await repos.trainingJobs.claimNext('w');
    expect(await repos.trainingJobs.fail(upload.id, 'w', 'CUDA out of memory', 'trace')).toBe(true);
    expect(await repos.trainingJobs.get(upload.id)).toMatchObject({
      status: 'failed',
      error: 'CUDA out of memory',
    });
    const queued = await repos.trainingJobs.enqueue({ dataSource: 'fleet' });
    expect((await repos.trainingJobs.cancel(queued.id)).status).toBe('cancelled');
    await expect(repos.trainingJobs.cancel(queued.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(repos.trainingJobs.cancel('00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await repos.trainingJobs.get('not-a-uuid')).toBeNull();
    await expect(repos.trainingJobs.enqueue({ dataSource: 'upload' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('stops a worker whose running job was cancelled', async () => {
    const job = await repos.trainingJobs.enqueue({ dataSource: 'fleet' });
    await repos.trainingJobs.claimNext('w');
    await repos.trainingJobs.cancel(job.id);
    expect(await repos.trainingJobs.reportProgress(job.id, 'w', progress(1))).toBe(false);
  });

  it('reclaims jobs whose worker stopped sending heartbeats, failing them after max attempts', async () => {
    const job = await repos.trainingJobs.enqueue({ dataSource: 'fleet' });
    await repos.trainingJobs.claimNext('dead-worker');
    expect(await repos.trainingJobs.reclaimStale({ timeoutSeconds: 3600 })).toEqual([]);
    await opened.db.query(
      `UPDATE training_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [job.id],
    );
    expect(await repos.trainingJobs.reclaimStale({ timeoutSeconds: 60, maxAttempts: 2 })).toEqual([
      { id: job.id, status: 'queued' },
    ]);
    expect(await repos.trainingJobs.reportProgress(job.id, 'dead-worker', progress(1))).toBe(false);
    expect((await repos.trainingJobs.claimNext('w2'))?.attempts).toBe(2);
    await opened.db.query(
      `UPDATE training_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [job.id],
    );
    expect(await repos.trainingJobs.reclaimStale({ timeoutSeconds: 60, maxAttempts: 2 })).toEqual([
      { id: job.id, status: 'failed' },
    ]);
  });

  it('never hands the same job to two concurrent claimers', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await repos.trainingJobs.enqueue({ dataSource: 'fleet' })).id);
    // Each claim keeps its row lock for a moment before committing, so claimers really overlap and
    // must skip each other's locked rows rather than wait for them.
    const claimer = async (worker: string) => {
      const got: string[] = [];
      for (;;) {
        const id = await opened.db.transaction(async (tx) => {
          const res = await tx.query<{ id: string }>(CLAIM_NEXT_SQL, [worker]);
          await tx.query('SELECT pg_sleep(0.02)');
          return res.rows[0]?.id;
        });
        if (!id) return got;
        got.push(id);
      }
    };
    const claims = (await Promise.all(Array.from({ length: 6 }, (_, w) => claimer(`w${w}`)))).flat();
    expect(claims).toHaveLength(20);
    expect(new Set(claims)).toEqual(ids);
    if (backend.name === 'postgres') {
      // With a pool of 10, the six claimers ran in parallel sessions and more than one got work.
      const workers = await opened.db.query<{ n: number }>(
        `SELECT count(DISTINCT worker_id)::int AS n FROM training_jobs WHERE id = ANY($1::uuid[])`,
        [[...ids]],
      );
      expect(workers.rows[0]?.n).toBeGreaterThan(1);
    }
  });
});
