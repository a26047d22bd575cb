/**
 * One pool of worker threads for the app's off-loop work (inference, reading large bodies). Each
 * request goes to the thread with the fewest requests pending; a thread that exits fails its pending
 * requests and is replaced. Messages follow worker-protocol.ts.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { workerEntry } from './worker-entry.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export interface WorkerPoolOptions {
  /** What a thread is called in errors, e.g. "inference worker". */
  name: string;
  /** The thread's module without its extension, e.g. `new URL('./x-worker', import.meta.url)`. */
  module: URL;
  workerData: unknown;
  threads: number;
}

/** A request's reply, and what its thread said of itself when it was ready. */
export interface Answer<Res, Info> {
  reply: Res;
  info: Info;
}

interface Pending<Res, Info> {
  resolve: (answer: Answer<Res, Info>) => void;
  reject: (err: Error) => void;
}

interface PoolThread<Res, Info> {
  worker: Worker;
  info?: Info;
  pending: Map<number, Pending<Res, Info>>;
}

export class WorkerPool<Req, Res, Info = undefined> {
  private threads: PoolThread<Res, Info>[] = [];
  private nextId = 1;
  private closing = false;

  private constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts every thread, or none: if one fails to start, those that did are closed. */
  static async start<Req, Res, Info = undefined>(
    options: WorkerPoolOptions,
  ): Promise<WorkerPool<Req, Res, Info>> {
    const pool = new WorkerPool<Req, Res, Info>(options);
    try {
      await Promise.all(Array.from({ length: options.threads }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Threads running now (one that exited counts again once its replacement is ready). */
  get size(): number {
    return this.threads.length;
  }

  /** What each running thread said of itself when it was ready. */
  get infos(): Info[] {
    return this.threads.map((t) => t.info as Info);
  }

  private spawn(): Promise<void> {
    const { name, module, workerData } = this.options;
    const { entry, eval: isEval } = workerEntry(module);
    const worker = new Worker(entry, { eval: isEval, workerData });
    const thread: PoolThread<Res, Info> = { worker, pending: new Map() };
    return new Promise((resolve, reject) => {
      worker.on('message', (msg: FromWorker<Res, Info>) => {
        if (msg.type === 'ready') {
          thread.info = msg.info;
          this.threads.push(thread);
          resolve();
        } else if (msg.type === 'start-failed') {
          reject(new Error(msg.message));
          void worker.terminate();
        } else {
          const pending = thread.pending.get(msg.id);
          thread.pending.delete(msg.id);
          if (msg.type === 'reply') pending?.resolve({ reply: msg.reply, info: thread.info as Info });
          else pending?.reject(new Error(msg.message));
        }
      });
      worker.on('error', (err) => reject(err));
      worker.on('exit', (code) => {
        for (const p of thread.pending.values()) p.reject(new Error(`${name} exited (${code})`));
        thread.pending.clear();
        const idx = this.threads.indexOf(thread);
        if (idx >= 0) this.threads.splice(idx, 1);
        if (!this.closing && idx >= 0) void this.spawn().catch(() => undefined);
        reject(new Error(`${name} exited during start (${code})`));
      });
    });
  }

  /** Sends `request` to the least busy thread; `transfer` moves those buffers to it. */
  request(request: Req, transfer: readonly TransferListItem[] = []): Promise<Answer<Res, Info>> {
    const thread = this.threads.reduce<PoolThread<Res, Info> | undefined>(
      (best, t) => (!best || t.pending.size < best.pending.size ? t : best),
      undefined,
    );
    if (!thread) return Promise.reject(new Error(`no ${this.options.name} is running`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage(
        { type: 'request', id, request } satisfies ToWorker<Req>,
        transfer as TransferListItem[],
      );
    });
  }

  /**
   * Asks every thread to finish its requests and exit on its own (`close` message); a thread that has
   * not exited within `graceMs` is terminated.
   */
  async close(graceMs = 0): Promise<void> {
    this.closing = true;
    const threads = this.threads.splice(0);
    await Promise.all(
      threads.map(async ({ worker }) => {
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ type: 'close' } satisfies ToWorker<Req>);
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
