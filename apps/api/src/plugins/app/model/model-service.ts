/**
 * Lifecycle of the served model: load card + ONNX, start the worker pool, verify the golden examples,
 * warm up, and only then report ready. Inference goes through the micro-batcher.
 */
import type { FastifyBaseLogger } from 'fastify';
import { AppError, unavailable } from '../../../errors/app-error.js';
import type { AppMetrics } from '../../external/metrics.js';
import type { GoldenResult } from './golden-check.js';
import { QueueFullError, type MicroBatcher, type RowOutput } from './micro-batcher.js';
import { loadModelCard, type ModelCard } from './model-card.js';
import { buildGeneration, GoldenCheckError, type ModelGeneration } from './model-generation.js';

export interface ModelServiceOptions {
  /** Folder of a bundled model loaded by load(); absent for a model that only the registry serves. */
  modelDir?: string;
  workers: number;
  intraOpNumThreads: number;
  maxBatch: number;
  /** Windows handed to a worker at a time (the worker merges queued hand-offs up to maxBatch). */
  dispatchSize: number;
  maxWaitMs: number;
  maxQueue: number;
  metrics: AppMetrics;
  log: FastifyBaseLogger;
  /** Called whenever a version starts serving (first load or swap). */
  onReady?: () => void;
}

export type ModelState = 'idle' | 'loading' | 'ready' | 'failed' | 'closed';

export class ModelService {
  state: ModelState = 'idle';
  card: ModelCard | undefined;
  error: string | undefined;
  golden: GoldenResult | undefined;
  private generation: ModelGeneration | undefined;
  private batcher: MicroBatcher | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: ModelServiceOptions) {}

  /** The bundled folder this model was loaded from; undefined for a registry-only name. */
  get modelDir(): string | undefined {
    return this.options.modelDir;
  }

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
    const { modelDir } = this.options;
    if (modelDir === undefined) return; // served only once the registry swaps a version in
    this.state = 'loading';
    const { card, onnxPath } = await loadModelCard(modelDir);
    this.card = card;
    const generation = await this.buildCandidate(card, onnxPath).catch((err: Error) => {
      if (err instanceof GoldenCheckError) this.golden = err.golden;
      throw err;
    });
    if (this.isClosed()) return void (await generation.close());
    this.install(generation);
    this.state = 'ready';
    this.options.onReady?.();
    this.options.log.info(
      {
        model: card.name,
        version: card.version,
        window: card.window,
        maxAbsError: generation.golden.maxAbsError,
      },
      'model loaded, golden check passed, warmed up',
    );
  }

  /** Loads, golden-checks and warms up a model beside the served one; nothing is served from it yet. */
  buildCandidate(card: ModelCard, onnxPath: string): Promise<ModelGeneration> {
    const o = this.options;
    return buildGeneration(card, onnxPath, {
      workers: o.workers,
      intraOpNumThreads: o.intraOpNumThreads,
      maxBatch: o.maxBatch,
      dispatchSize: o.dispatchSize,
      maxWaitMs: o.maxWaitMs,
      maxQueue: o.maxQueue,
      metrics: o.metrics,
    });
  }

  private install(generation: ModelGeneration): void {
    const previous = this.generation;
    this.generation = generation;
    this.card = generation.card;
    this.golden = generation.golden;
    this.batcher = generation.batcher;
    const { metrics } = this.options;
    if (previous) metrics.modelInfo.remove({ name: previous.card.name, version: previous.card.version });
    metrics.modelInfo.set({ name: generation.card.name, version: generation.card.version }, 1);
  }

  /**
   * Serves `generation` from now on. The switch is one synchronous assignment, so a request reads
   * card and batcher from the same version; windows already queued on the old version finish there,
   * then its workers stop.
   */
  async swap(generation: ModelGeneration, drainTimeoutMs = 30_000): Promise<void> {
    if (this.isClosed()) return void (await generation.close());
    const previous = this.generation;
    this.install(generation);
    this.error = undefined;
    this.state = 'ready';
    this.options.onReady?.();
    this.options.log.info(
      { model: generation.card.name, version: generation.card.version },
      'model swapped in',
    );
    if (previous) {
      await previous.whenIdle(drainTimeoutMs);
      await previous.close();
    }
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
    if (wasLoading) await this.loading;
    this.batcher?.drain(new Error('server is shutting down'));
    await this.generation?.close();
  }
}
