/**
 * Lifecycle of the served model: load card + ONNX, start the worker pool, verify the golden examples,
 * warm up, and only then report ready. Inference goes through the micro-batcher.
 */
import type { FastifyBaseLogger } from 'fastify';
import { AppError, unavailable } from '../../../errors/app-error.js';
import type { AppMetrics } from '../../external/metrics.js';
import { checkGolden, type GoldenResult } from './golden-check.js';
import { InferencePool } from './inference-pool.js';
import { MicroBatcher, QueueFullError, type BatchRun, type RowOutput } from './micro-batcher.js';
import { loadModelCard, type ModelCard } from './model-card.js';

export interface ModelServiceOptions {
  modelDir: string;
  workers: number;
  intraOpNumThreads: number;
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  metrics: AppMetrics;
  log: FastifyBaseLogger;
}

export type ModelState = 'idle' | 'loading' | 'ready' | 'failed' | 'closed';

export class ModelService {
  state: ModelState = 'idle';
  card: ModelCard | undefined;
  error: string | undefined;
  golden: GoldenResult | undefined;
  private pool: InferencePool | undefined;
  private batcher: MicroBatcher | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: ModelServiceOptions) {}

  get version(): string {
    return this.card?.version ?? 'none';
  }

  /** Idempotent; never rejects — failures land in `state`/`error` and keep readiness at 503. */
  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((err: unknown) => {
      this.state = 'failed';
      this.error = (err as Error).message;
      this.options.log.error({ err }, 'model failed to load; staying not-ready');
    });
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    const { options } = this;
    this.state = 'loading';
    const { card, onnxPath } = await loadModelCard(options.modelDir);
    this.card = card;
    const pool = await InferencePool.start({
      modelPath: onnxPath,
      inputName: card.input.name,
      workers: options.workers,
      intraOpNumThreads: options.intraOpNumThreads,
      window: card.window,
    });
    this.pool = pool;
    if (this.isClosed()) return void (await pool.close());
    const { median, lower, upper, quantiles } = card.outputs;
    const missing = [median, lower, upper, quantiles].filter((name) => !pool.outputNames.includes(name));
    if (missing.length) throw new Error(`ONNX graph lacks outputs named in the card: ${missing.join(', ')}`);

    const runner = (data: Float32Array, batch: number) => this.runBatch(data, batch);
    this.golden = await checkGolden(card, runner);
    const { metrics } = options;
    metrics.modelInfo.set({ name: card.name, version: card.version }, 1);
    metrics.goldenCheckOk.set({ version: card.version }, this.golden.ok ? 1 : 0);
    if (!this.golden.ok) {
      throw new Error(
        `golden check failed: ONNX Runtime disagrees with the card (${this.golden.failures[0]})`,
      );
    }
    // Warm-up: first runs allocate arenas and pick kernels; pay that before taking traffic.
    const size = card.window * 24;
    const sample = Float32Array.from(card.golden[0]?.input.flat() ?? []);
    for (const n of [1, options.maxBatch]) {
      const data = new Float32Array(n * size);
      for (let i = 0; i < n; i++) data.set(sample, i * size);
      await runner(data, n);
    }
    this.batcher = new MicroBatcher(runner, {
      maxBatch: options.maxBatch,
      maxWaitMs: options.maxWaitMs,
      maxQueue: options.maxQueue,
      concurrency: pool.size,
      windowSize: size,
      onQueueDepth: (d) => metrics.queueDepth.set(d),
      onRun: (n, ms) => {
        metrics.batchSize.observe(n);
        metrics.inferenceDuration.observe({ model_version: card.version }, ms / 1000);
      },
    });
    if (this.isClosed()) return;
    this.state = 'ready';
    metrics.modelReady.set(1);
    options.log.info(
      { model: card.name, version: card.version, window: card.window, maxAbsError: this.golden.maxAbsError },
      'model loaded, golden check passed, warmed up',
    );
  }

  private async runBatch(data: Float32Array, batch: number): Promise<BatchRun> {
    const { pool, card } = this;
    if (!pool || !card) throw new Error('model is not loaded');
    const { outputs, ms } = await pool.run(data, batch);
    const get = (name: string) => {
      const t = outputs[name];
      if (!t) throw new Error(`ONNX Runtime returned no ${name}`);
      return t;
    };
    const quantiles = get(card.outputs.quantiles);
    return {
      median: get(card.outputs.median).data,
      lower: get(card.outputs.lower).data,
      upper: get(card.outputs.upper).data,
      quantiles: quantiles.data,
      quantileCount: quantiles.dims[1] ?? card.outputs.quantileLevels.length,
      ms,
    };
  }

  // A separate method so TypeScript doesn't narrow `state` across the awaits in doLoad.
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Predicts `count` windows laid out back to back in `data`. */
  async infer(data: Float32Array, count: number): Promise<RowOutput[]> {
    if (this.state !== 'ready' || !this.batcher) {
      throw unavailable('MODEL_NOT_READY', `model is not ready (${this.error ?? this.state})`, 5);
    }
    try {
      return await this.batcher.submit(data, count);
    } catch (err) {
      if (err instanceof QueueFullError) {
        throw new AppError(503, 'QUEUE_FULL', `${err.message}; retry shortly`, undefined, {
          'retry-after': '1',
        });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    const wasLoading = this.state === 'loading';
    this.state = 'closed';
    this.options.metrics.modelReady.set(0);
    if (wasLoading) await this.loading;
    this.batcher?.drain(new Error('server is shutting down'));
    await this.pool?.close();
  }
}
