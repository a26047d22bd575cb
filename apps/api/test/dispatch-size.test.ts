// Real pool and ONNX Runtime on the bundled model: the batcher hands windows to the worker in
// dispatchSize pieces (BATCH_DISPATCH_SIZE), and the busy worker merges the pieces that queue into
// runs of up to maxBatch (BATCH_MAX_SIZE) windows; every window still gets its own row back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/plugins/app/model/inference-pool.js';
import type { RowOutput } from '../src/plugins/app/model/micro-batcher.js';
import { loadModelCard } from '../src/plugins/app/model/model-card.js';
import { buildGeneration, type ModelGeneration } from '../src/plugins/app/model/model-generation.js';
import { REAL_MODEL_DIR } from './helpers/test-app.js';

let generation: ModelGeneration;
let size: number;
let inputs: Float32Array;
const handOffs: number[] = [];
const runs: RunResult['run'][] = [];

beforeAll(async () => {
  const { card, onnxPath } = await loadModelCard(REAL_MODEL_DIR);
  generation = await buildGeneration(card, onnxPath, {
    workers: 1,
    intraOpNumThreads: 1,
    maxBatch: 24,
    dispatchSize: 4,
    maxWaitMs: 0,
    maxQueue: 1000,
  });
  // Record what the batcher hands over and what the worker ran; the real run still happens.
  const pool = generation.pool;
  const run = pool.run.bind(pool);
  pool.run = async (data, batch) => {
    handOffs.push(batch);
    const result = await run(data, batch);
    runs.push(result.run);
    return result;
  };
  size = card.window * 24;
  const golden = card.golden.map((g) => g.input.flat());
  inputs = new Float32Array(40 * size);
  for (let i = 0; i < 40; i++) {
    const base = golden[i % golden.length] as number[];
    inputs.set(
      base.map((v, j) => (j % 24 >= 3 ? v * (1 + 0.0005 * (i % 7)) : v)),
      i * size,
    );
  }
}, 60_000);

afterAll(async () => {
  await generation?.close();
});

describe('dispatch size', () => {
  it('hands over small pieces and lets the busy worker merge them up to maxBatch', async () => {
    const together = await generation.batcher.submit(inputs.slice(), 40);
    expect(together).toHaveLength(40);
    expect(handOffs.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...handOffs)).toBeLessThanOrEqual(4);
    const merged = runs.filter((r) => r.first).map((r) => r.windows);
    expect(merged.reduce((a, b) => a + b, 0)).toBe(40); // every window ran exactly once
    expect(Math.max(...merged)).toBeGreaterThan(4); // pieces were merged...
    expect(Math.max(...merged)).toBeLessThanOrEqual(24); // ...never beyond maxBatch

    // One window at a time, nothing to merge: the same rows.
    const alone: RowOutput[] = [];
    for (const i of [0, 13, 39]) {
      const [row] = await generation.batcher.submit(inputs.slice(i * size, (i + 1) * size), 1);
      alone.push(row as RowOutput);
    }
    [0, 13, 39].forEach((i, k) => {
      expect(together[i]?.median).toBeCloseTo(alone[k]?.median as number, 4);
      expect(together[i]?.quantiles).toEqual(
        (alone[k]?.quantiles as number[]).map((q) => expect.closeTo(q, 4)),
      );
    });
  }, 60_000);
});
