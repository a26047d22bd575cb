/**
 * A small pool of inference worker threads. Each worker owns one ORT session; runs go to the worker
 * with the fewest pending runs. A crashed worker fails its pending runs and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { spawnAll, workerEntry } from '../../../worker-entry.js';
import type {
  CloseRequest,
  RunInfo,
  RunRequest,
  TensorOut,
  WorkerInit,
  WorkerMessage,
} from './inference-worker.js';

export interface PoolOptions {
  modelPath: string;
  inputName: string;
  workers: number;
  intraOpNumThreads: number;
  window: number;
  /** Largest run a worker makes when it merges requests that queued while it was busy. */
  maxBatch: number;
}

export interface RunResult {
  outputs: Record<string, TensorOut>;
  run: RunInfo;
}

interface Pending {
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class InferencePool {
  private slots: Slot[] = [];
  private nextId = 1;
  private closing = false;
  outputNames: string[] = [];

  private constructor(private readonly options: PoolOptions) {}

  static async start(options: PoolOptions): Promise<InferencePool> {
    const pool = new InferencePool(options);
    await spawnAll(
      options.workers,
      () => pool.spawn(),
      () => pool.close(),
    );
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(): Promise<void> {
    const { entry, eval: isEval } = workerEntry(new URL('./inference-worker', import.meta.url));
    const init: WorkerInit = {
      modelPath: this.options.modelPath,
      intraOpNumThreads: this.options.intraOpNumThreads,
      inputName: this.options.inputName,
      channels: 24,
      maxBatch: this.options.maxBatch,
    };
    const worker = new Worker(entry, { workerData: init, eval: isEval });
    const slot: Slot = { worker, pending: new Map() };
    return new Promise((resolve, reject) => {
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'ready') {
          this.outputNames = msg.outputNames;
          this.slots.push(slot);
          resolve();
        } else if (msg.type === 'init-error') {
          reject(new Error(`ONNX Runtime could not load ${this.options.modelPath}: ${msg.message}`));
          void worker.terminate();
        } else {
          const pending = slot.pending.get(msg.id);
          slot.pending.delete(msg.id);
          if (msg.type === 'result') pending?.resolve({ outputs: msg.outputs, run: msg.run });
          else pending?.reject(new Error(`inference failed: ${msg.message}`));
        }
      });
      worker.on('error', (err) => reject(err));
      worker.on('exit', (code) => {
        for (const p of slot.pending.values()) p.reject(new Error(`inference worker exited (${code})`));
        slot.pending.clear();
        const idx = this.slots.indexOf(slot);
        if (idx >= 0) this.slots.splice(idx, 1);
        if (!this.closing && idx >= 0) void this.spawn().catch(() => undefined);
        reject(new Error(`inference worker exited during start (${code})`));
      });
    });
  }

  /** Runs one batch; `data` is `batch * window * 24` floats and is transferred (unusable afterwards). */
  run(data: Float32Array, batch: number): Promise<RunResult> {
    const slot = this.slots.reduce<Slot | undefined>(
      (best, s) => (!best || s.pending.size < best.pending.size ? s : best),
      undefined,
    );
    if (!slot) return Promise.reject(new Error('no inference worker is running'));
    const id = this.nextId++;
    const req: RunRequest = { id, data, batch, window: this.options.window };
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(req, [data.buffer as ArrayBuffer]);
    });
  }

  /**
   * Lets every worker finish its runs, release its ORT session and exit; a worker that has not
   * exited within `graceMs` is terminated.
   */
  async close(graceMs = 5000): Promise<void> {
    this.closing = true;
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async ({ worker }) => {
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ type: 'close' } satisfies CloseRequest);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        });
        const late = await Promise.race([exited.then(() => false), timedOut]);
        clearTimeout(timer);
        if (late) await worker.terminate();
      }),
    );
  }
}
