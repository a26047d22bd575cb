// Real pool and ONNX Runtime on the bundled model: the batcher hands many small requests to the
// worker in dispatchSize pieces (BATCH_DISPATCH_SIZE) and one large request in maxBatch pieces
// (BATCH_MAX_SIZE); the busy worker merges queued pieces into runs of up to maxBatch windows, and
// every window still gets its own row back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/plugins/app/model/inference-pool.js';
import type { RowOutput } from '../src/plugins/app/model/micro-batcher.js';
import { loadModelCard } from '../src/plugins/app/model/model-card.js';
import { buildGeneration, type ModelGeneration } from '../src/plugins/app/model/model-generation.js';
import { goldenWindows } from './helpers/golden-windows.js';
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
  inputs = goldenWindows(
    card.golden.map((g) => g.input),
    40,
  );
}, 60_000);

afterAll(async () => {
  await generation?.close();
});

describe('dispatch size', () => {
  it('hands small requests over in small pieces, a large one whole, and lets the busy worker merge', async () => {
    const one = (i: number) => inputs.slice(i * size, (i + 1) * size);
    // In one event-loop turn: 40 one-window requests, then one request of 30 windows.
    const singles = Array.from({ length: 40 }, (_, i) => generation.batcher.submit(one(i), 1));
    const large = generation.batcher.submit(inputs.slice(0, 30 * size), 30);
    const rows = [...(await Promise.all(singles)).map((r) => r[0] as RowOutput), ...(await large)];
    expect(rows).toHaveLength(70);
    // Pieces of dispatchSize (4) for the small requests; the large one in maxBatch (24) pieces.
    expect(handOffs).toEqual([...Array<number>(10).fill(4), 24, 6]);
    const merged = runs.filter((r) => r.first).map((r) => r.windows);
    expect(merged.reduce((a, b) => a + b, 0)).toBe(70); // every window ran exactly once
    expect(Math.max(...merged)).toBeGreaterThan(4); // the busy worker merged pieces...
    expect(Math.max(...merged)).toBeLessThanOrEqual(24); // ...never beyond maxBatch

    // One window at a time, nothing to merge: the same rows.
    for (const i of [0, 13, 39]) {
      const [alone] = await generation.batcher.submit(one(i), 1);
      for (const got of i < 30 ? [rows[i], rows[40 + i]] : [rows[i]]) {
        expect(got?.median).toBeCloseTo(alone?.median as number, 4);
        expect(got?.quantiles).toEqual((alone?.quantiles as number[]).map((q) => expect.closeTo(q, 4)));
      }
    }
  }, 60_000);
});
