// Real inference pool and ONNX Runtime on the bundled model: requests posted while a worker is busy
// are merged into one run, and every request still gets exactly its own rows back.
import { existsSync, readFileSync } from 'node:fs';
import { CHANNEL_COUNT } from '@rul/cmapss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferencePool, type RunResult } from '../src/plugins/app/model/inference-pool.js';
import { goldenWindows } from './helpers/golden-windows.js';
import { REAL_MODEL_DIR } from './helpers/test-app.js';

let pool: InferencePool;
let window: number;
let golden: number[][][];

const windows = (count: number, seed: number): Float32Array => goldenWindows(golden, count, seed);

const median = (r: RunResult) => Array.from((r.outputs['rul_median'] as { data: Float32Array }).data);
const quantiles = (r: RunResult) => r.outputs['rul_quantiles'] as { data: Float32Array; dims: number[] };

beforeAll(async () => {
  expect(existsSync(`${REAL_MODEL_DIR}/model.onnx`), 'models/default/model.onnx is missing').toBe(true);
  const card = JSON.parse(readFileSync(`${REAL_MODEL_DIR}/model-card.json`, 'utf8')) as {
    window: number;
    golden: Array<{ input: number[][] }>;
  };
  window = card.window;
  golden = card.golden.map((g) => g.input);
  pool = await InferencePool.start({
    modelPath: `${REAL_MODEL_DIR}/model.onnx`,
    inputName: 'readings',
    workers: 1,
    intraOpNumThreads: 1,
    window,
    maxBatch: 16,
  });
}, 60_000);

afterAll(async () => {
  await pool?.close();
});

describe('inference worker merging', () => {
  it('merges requests that queue behind a busy run and splits the outputs back per request', async () => {
    const sizes = [8, 3, 5, 1, 4, 6, 2];
    const inputs = sizes.map((n, i) => windows(n, i));
    // Alone first: awaited one by one, so nothing can be merged.
    const alone: RunResult[] = [];
    for (const [i, n] of sizes.entries()) alone.push(await pool.run((inputs[i] as Float32Array).slice(), n));
    for (const [i, r] of alone.entries()) expect(r.run.windows).toBe(sizes[i]);

    // All at once: the first runs, the rest wait in the worker and are merged.
    const together = await Promise.all(sizes.map((n, i) => pool.run((inputs[i] as Float32Array).slice(), n)));
    expect(together.some((r, i) => r.run.windows > (sizes[i] as number))).toBe(true);
    for (const [i, r] of together.entries()) {
      expect(r.outputs['rul_median']?.dims).toEqual([sizes[i]]);
      expect(quantiles(r).dims).toEqual([sizes[i], quantiles(alone[i] as RunResult).dims[1]]);
      const a = median(alone[i] as RunResult);
      median(r).forEach((v, j) => expect(v).toBeCloseTo(a[j] as number, 4));
      const qa = quantiles(alone[i] as RunResult).data;
      quantiles(r).data.forEach((v, j) => expect(v).toBeCloseTo(qa[j] as number, 4));
      // A merged run never exceeds maxBatch (16); every request is counted in exactly one run.
      expect(r.run.windows).toBeLessThanOrEqual(16);
    }
    const runs = together.filter((r) => r.run.first);
    expect(runs.reduce((n, r) => n + r.run.windows, 0)).toBe(sizes.reduce((a, b) => a + b, 0));
  }, 60_000);

  it('runs a request larger than maxBatch whole', async () => {
    const big = await pool.run(windows(40, 3), 40);
    expect(big.run.windows).toBe(40);
    expect(big.outputs['rul_median']?.dims).toEqual([40]);
  }, 60_000);

  it('fails only the malformed request when it queues among good ones', async () => {
    const size = window * CHANNEL_COUNT;
    const results = await Promise.allSettled([
      pool.run(windows(8, 1), 8),
      // Claims 2 windows but carries one: ONNX Runtime must reject it, and only it.
      pool.run(new Float32Array(size).fill(1), 2),
      pool.run(windows(3, 2), 3),
      pool.run(windows(2, 4), 2),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    const dims = results
      .filter((r): r is PromiseFulfilledResult<RunResult> => r.status === 'fulfilled')
      .map((r) => r.value.outputs['rul_median']?.dims);
    expect(dims).toEqual([[8], [3], [2]]);
  }, 60_000);
});
