// Real: PostgreSQL + Redis, the API, the Python trainer worker (CPU) as a child process, ONNX Runtime. Faked: nothing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateFleet, toCmapssText } from '@rul/simulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, type BackendRun, POSTGRES_REDIS, readAuth, startFleetApp } from './fleet-backends.js';

const TRAINER_DIR = fileURLToPath(new URL('../../../trainer', import.meta.url));
const PYTHON = process.env.RUL_TRAINER_PYTHON ?? '/usr/bin/python3';

// One seed, one small member, two short epochs: seconds on a busy CPU. The top-level names are the
// API's documented ones; the nested `model`/`optim` keys reach the trainer's config unchanged.
const TINY_PARAMS = {
  epochs: 2,
  window: 12,
  seeds: [0],
  golden_pairs: 3,
  model: { members: 1, channels: 8, hidden: 16, dilations: [1, 2] },
  optim: { max_batches_per_epoch: 2, batch_size: 32 },
};

function runWorkerOnce(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      PYTHON,
      ['-m', 'rul_trainer', 'worker', '--once', '--device', 'cpu', '--database-url', env.DATABASE_URL!],
      { cwd: TRAINER_DIR, env: { ...process.env, DB_SCHEMA: env.DB_SCHEMA! } },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('training loop end to end (postgres+redis)', () => {
  let backend: BackendRun;
  let app: FastifyInstance;

  beforeAll(async () => {
    backend = await POSTGRES_REDIS.create();
    app = await startFleetApp(backend.env);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.cleanup();
  });

  it('engines that ran to failure train a model that the API registers, activates and serves', async () => {
    const fleet = generateFleet({ engines: 8, seed: 21 });
    const imported = await app.inject({
      method: 'POST',
      url: '/fleet/import?prefix=RTF-',
      headers: { ...adminAuth, 'content-type': 'text/plain' },
      payload: toCmapssText(fleet),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    for (const engine of fleet) {
      const failed = await app.inject({
        method: 'POST',
        url: `/engines/RTF-${engine.unit}/failure`,
        headers: adminAuth,
        payload: { cycle: engine.life },
      });
      expect(failed.statusCode, failed.body).toBe(200);
    }

    const queued = await app.inject({
      method: 'POST',
      url: '/training-jobs',
      headers: adminAuth,
      payload: { data: 'fleet', subset: 'RTF', params: TINY_PARAMS },
    });
    expect(queued.statusCode, queued.body).toBe(202);
    // No model name given: the result is a new version of the model this replica serves.
    expect(queued.json()).toMatchObject({ subset: 'RTF', model: 'rul-fixture' });
    const jobId = queued.json<{ id: string }>().id;

    const worker = await runWorkerOnce(backend.env);
    expect(worker.code, worker.output).toBe(0);

    const job = (await app.inject({ url: `/training-jobs/${jobId}`, headers: readAuth })).json<{
      status: string;
      modelVersion: string | null;
      error: string | null;
    }>();
    expect(job.status, job.error ?? '').toBe('succeeded');
    const version = job.modelVersion!;

    const staged = await app.inject({ url: `/models/${encodeURIComponent(version)}`, headers: readAuth });
    expect(staged.statusCode, staged.body).toBe(200);
    const registered = staged.json<{ status: string; name: string; card: { data: { subset: string } } }>();
    expect(registered.status).toBe('staged');
    expect(registered.name).toBe('rul-fixture');
    expect(registered.card.data.subset).toBe('RTF');

    const activated = await app.inject({
      method: 'POST',
      url: `/models/${encodeURIComponent(version)}/activate`,
      headers: adminAuth,
    });
    expect(activated.statusCode, activated.body).toBe(200);

    const predicted = await app.inject({
      method: 'POST',
      url: '/predict',
      headers: readAuth,
      payload: { cycles: fleet[0]!.cycles.slice(0, 40) },
    });
    expect(predicted.statusCode, predicted.body).toBe(200);
    const body = predicted.json<{ rul: number; model: { version: string } }>();
    expect(body.model.version).toBe(version);
    expect(Number.isFinite(body.rul)).toBe(true);
  }, 240_000);
});
