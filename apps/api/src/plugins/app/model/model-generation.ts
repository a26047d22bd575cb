/**
 * One loaded model version: its card, its own worker pool and its own micro-batcher. Hot swap works
 * on whole generations: the next one is built, golden-checked and warmed up beside the serving one,
 * then swapped in with one assignment; the old one finishes the windows it already holds and is
 * closed once idle. Because every generation's batcher runs only on its own pool, a window queued
 * under version A is never run by version B.
 */
import type { AppMetrics } from '../../external/metrics.js';
import { checkGolden, type GoldenResult } from './golden-check.js';
import { InferencePool } from './inference-pool.js';
import { MicroBatcher, type BatchRun } from './micro-batcher.js';
import type { ModelCard } from './model-card.js';

/**
 * Batches in flight per inference worker: one running, the others waiting in the worker, which merges
 * them into its next run. The queue bound (QUEUE_MAX) still applies to what waits on the event loop.
 */
const PIPELINE_DEPTH = 4;

export interface GenerationOptions {
  workers: number;
  intraOpNumThreads: number;
  /** Largest ONNX Runtime run (a worker merges queued hand-offs up to this many windows). */
  maxBatch: number;
  /** Windows per hand-off to a worker; defaults to maxBatch. */
  dispatchSize?: number;
  maxWaitMs: number;
  maxQueue: number;
  /** Absent for throwaway validation loads (uploads), which must not touch the served metrics. */
  metrics?: AppMetrics;
}

/** The model loaded but disagrees with its card's golden examples; `golden` says by how much. */
export class GoldenCheckError extends Error {
  constructor(readonly golden: GoldenResult) {
    super(`golden check failed: ONNX Runtime disagrees with the card (${golden.failures[0]})`);
    this.name = 'GoldenCheckError';
  }
}

export interface ModelGeneration {
  card: ModelCard;
  golden: GoldenResult;
  pool: InferencePool;
  batcher: MicroBatcher;
  /** Resolves when nothing is queued or running on this generation. */
  whenIdle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Checks a run's output shapes against the card: [batch] for the point outputs, [batch, Q] for quantiles. */
function checkShapes(card: ModelCard, outputs: Record<string, { dims: number[] }>, batch: number): void {
  const q = card.outputs.quantileLevels.length;
  const expect: Array<[string, number[]]> = [
    [card.outputs.median, [batch]],
    [card.outputs.lower, [batch]],
    [card.outputs.upper, [batch]],
    [card.outputs.quantiles, [batch, q]],
  ];
  for (const [name, dims] of expect) {
    const got = outputs[name]?.dims;
    if (!got) throw new Error(`ONNX graph lacks output ${name} named in the card`);
    if (got.length !== dims.length || got.some((d, i) => d !== dims[i])) {
      throw new Error(`output ${name} has shape [${got.join(', ')}], the card implies [${dims.join(', ')}]`);
    }
  }
}

/**
 * Loads `onnxPath` in ONNX Runtime, verifies the card's golden examples (which also proves the input
 * shape [batch, window, 24] and the output shapes), warms up and returns a generation ready to serve.
 * Throws with a message fit for a 422 when the model does not load or disagrees with its card.
 */
export async function buildGeneration(
  card: ModelCard,
  onnxPath: string,
  options: GenerationOptions,
): Promise<ModelGeneration> {
  const pool = await InferencePool.start({
    modelPath: onnxPath,
    inputName: card.input.name,
    workers: options.workers,
    intraOpNumThreads: options.intraOpNumThreads,
    window: card.window,
    maxBatch: options.maxBatch,
  });
  let running = 0;
  const runner = async (data: Float32Array, batch: number): Promise<BatchRun> => {
    running++;
    try {
      const { outputs, run } = await pool.run(data, batch);
      checkShapes(card, outputs, batch);
      const get = (name: string) => outputs[name] as { data: Float32Array; dims: number[] };
      const quantiles = get(card.outputs.quantiles);
      return {
        median: get(card.outputs.median).data,
        lower: get(card.outputs.lower).data,
        upper: get(card.outputs.upper).data,
        quantiles: quantiles.data,
        quantileCount: quantiles.dims[1] ?? card.outputs.quantileLevels.length,
        ms: run.ms,
        run: { windows: run.windows, first: run.first },
      };
    } finally {
      running--;
    }
  };
  try {
    const { median, lower, upper, quantiles } = card.outputs;
    const missing = [median, lower, upper, quantiles].filter((n) => !pool.outputNames.includes(n));
    if (missing.length) throw new Error(`ONNX graph lacks outputs named in the card: ${missing.join(', ')}`);
    let golden: GoldenResult;
    try {
      golden = await checkGolden(card, runner);
    } catch (err) {
      throw new Error(`running the golden examples failed: ${(err as Error).message}`);
    }
    options.metrics?.goldenCheckOk.set({ version: card.version }, golden.ok ? 1 : 0);
    if (!golden.ok) throw new GoldenCheckError(golden);
    // Warm-up: first runs allocate arenas and pick kernels; pay that before taking traffic.
    const size = card.window * 24;
    const sample = Float32Array.from(card.golden[0]?.input.flat() ?? []);
    for (const n of [1, options.maxBatch]) {
      const data = new Float32Array(n * size);
      for (let i = 0; i < n; i++) data.set(sample, i * size);
      await runner(data, n);
    }
    const { metrics } = options;
    const batcher = new MicroBatcher(runner, {
      maxBatch: options.maxBatch,
      ...(options.dispatchSize ? { dispatchSize: options.dispatchSize } : {}),
      maxWaitMs: options.maxWaitMs,
      maxQueue: options.maxQueue,
      // Batches handed to a busy worker wait there and are merged into its next run, so the worker
      // never waits for the event loop; PIPELINE_DEPTH bounds how many each worker holds.
      concurrency: pool.size * PIPELINE_DEPTH,
      windowSize: size,
      ...(metrics
        ? {
            onQueueDepth: (d: number) => metrics.queueDepth.set(d),
            onRun: (n: number, ms: number) => {
              metrics.batchSize.observe(n);
              metrics.inferenceDuration.observe({ model_version: card.version }, ms / 1000);
            },
          }
        : {}),
    });
    return {
      card,
      golden,
      pool,
      batcher,
      async whenIdle(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        while ((batcher.depth > 0 || running > 0) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 10));
        }
      },
      async close() {
        batcher.drain(new Error('model version was replaced'));
        await pool.close();
      },
    };
  } catch (err) {
    await pool.close();
    throw err;
  }
}
