/**
 * The inference worker threads (inference-worker.ts) as a WorkerPool: each owns one ORT session, and
 * a run goes to the worker with the fewest runs pending.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import { WorkerPool } from '../../../workers/worker-pool.js';
import type { RunReply, RunRequest, WorkerInfo, WorkerInit } from './inference-worker.js';

export interface PoolOptions {
  modelPath: string;
  inputName: string;
  workers: number;
  intraOpNumThreads: number;
  window: number;
  /** Largest run a worker makes when it merges requests that queued while it was busy. */
  maxBatch: number;
}

export type RunResult = RunReply;

export class InferencePool {
  private constructor(
    private readonly pool: WorkerPool<RunRequest, RunReply, WorkerInfo>,
    private readonly window: number,
    /** The model's output names, as the first worker's session reported them. */
    readonly outputNames: string[],
  ) {}

  static async start(options: PoolOptions): Promise<InferencePool> {
    const workerData: WorkerInit = {
      modelPath: options.modelPath,
      intraOpNumThreads: options.intraOpNumThreads,
      inputName: options.inputName,
      channels: CHANNEL_COUNT,
      maxBatch: options.maxBatch,
    };
    const pool = await WorkerPool.start<RunRequest, RunReply, WorkerInfo>({
      name: 'inference worker',
      module: new URL('./inference-worker', import.meta.url),
      workerData,
      threads: options.workers,
    });
    return new InferencePool(pool, options.window, pool.infos[0]?.outputNames ?? []);
  }

  get size(): number {
    return this.pool.size;
  }

  /** Runs one batch; `data` is `batch * window * 24` floats and is transferred (unusable afterwards). */
  async run(data: Float32Array, batch: number): Promise<RunResult> {
    const request: RunRequest = { data, batch, window: this.window };
    return (await this.pool.request(request, [data.buffer as ArrayBuffer])).reply;
  }

  /**
   * Lets every worker finish its runs, release its ORT session and exit; a worker that has not
   * exited within `graceMs` is terminated.
   */
  close(graceMs = 5000): Promise<void> {
    return this.pool.close(graceMs);
  }
}
