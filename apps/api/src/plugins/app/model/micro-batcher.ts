/**
 * Coalesces concurrent requests into one ONNX Runtime run. A window waits at most `maxWaitMs` for
 * company, a hand-off never exceeds `maxBatch` windows, and at most `concurrency` hand-offs are in
 * flight. Windows that queue up while the workers are busy go out as soon as one frees up. The
 * queue is bounded: past `maxQueue` windows new work is refused at once instead of piling up latency.
 *
 * Many small requests go out in hand-offs of about `dispatchSize` windows, so the event loop answers
 * one group while a worker computes the next. One request's windows are never split below
 * `maxBatch`: they are all needed before it can be answered, and splitting only adds round trips.
 */

export interface RowOutput {
  median: number;
  lower: number;
  upper: number;
  quantiles: number[];
}

export interface BatchRun {
  median: Float32Array;
  lower: Float32Array;
  upper: Float32Array;
  quantiles: Float32Array;
  quantileCount: number;
  /** Time of the ONNX Runtime run that computed this batch. */
  ms: number;
  /** That run, when the runner merged several batches into it (absent: the batch ran on its own);
   * `first` marks the one batch that reports it. */
  run?: { windows: number; first: boolean };
}

export type BatchRunner = (data: Float32Array, batch: number) => Promise<BatchRun>;

export interface BatcherOptions {
  maxBatch: number;
  /** Target hand-off size when it is made of several requests (default: maxBatch). */
  dispatchSize?: number;
  maxWaitMs: number;
  maxQueue: number;
  concurrency: number;
  /** Floats per window (window * 24). */
  windowSize: number;
  onQueueDepth?: (depth: number) => void;
  /** Once per ONNX Runtime run: its size in windows and its time. */
  onRun?: (batch: number, ms: number) => void;
}

interface Item {
  data: Float32Array;
  /** Which submit() call the window came from. */
  submission: number;
  resolve: (r: RowOutput) => void;
  reject: (e: Error) => void;
}

export class QueueFullError extends Error {
  constructor(readonly depth: number) {
    super(`inference queue is full (${depth} windows waiting)`);
    this.name = 'QueueFullError';
  }
}

export class MicroBatcher {
  private queue: Item[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private submissions = 0;
  private readonly dispatchSize: number;

  constructor(
    private readonly runner: BatchRunner,
    private readonly options: BatcherOptions,
  ) {
    this.dispatchSize = Math.min(options.dispatchSize ?? options.maxBatch, options.maxBatch);
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Queues `count` windows laid out back to back in `data`; resolves with one row per window. */
  submit(data: Float32Array, count: number): Promise<RowOutput[]> {
    if (this.queue.length + count > this.options.maxQueue) {
      return Promise.reject(new QueueFullError(this.queue.length));
    }
    const size = this.options.windowSize;
    const submission = this.submissions++;
    const rows = Array.from(
      { length: count },
      (_, i) =>
        new Promise<RowOutput>((resolve, reject) => {
          this.queue.push({ data: data.subarray(i * size, (i + 1) * size), submission, resolve, reject });
        }),
    );
    this.options.onQueueDepth?.(this.queue.length);
    this.schedule();
    return Promise.all(rows);
  }

  private schedule(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length >= this.dispatchSize) {
      this.dispatch();
    }
    if (this.queue.length === 0 || this.inFlight >= this.options.concurrency) return;
    if (this.timer || this.immediate) return;
    const fire = () => {
      this.timer = undefined;
      this.immediate = undefined;
      if (this.inFlight < this.options.concurrency && this.queue.length > 0) this.dispatch();
      if (this.queue.length > 0) this.schedule();
    };
    // maxWaitMs 0: still coalesce everything parsed in this event-loop turn (setTimeout(0) would be 1 ms).
    if (this.options.maxWaitMs === 0) this.immediate = setImmediate(fire);
    else this.timer = setTimeout(fire, this.options.maxWaitMs);
  }

  /** The next hand-off: the head request whole (up to maxBatch), then whole requests up to dispatchSize. */
  private take(): Item[] {
    const q = this.queue;
    const limit = this.dispatchSize;
    const head = (q[0] as Item).submission;
    let n = 1;
    while (n < q.length && n < this.options.maxBatch && (q[n] as Item).submission === head) n++;
    while (n < q.length && n < limit) {
      const next = (q[n] as Item).submission;
      let end = n + 1;
      while (end < q.length && end <= limit && (q[end] as Item).submission === next) end++;
      if (end > limit) break;
      n = end;
    }
    return q.splice(0, n);
  }

  private dispatch(): void {
    const items = this.take();
    this.options.onQueueDepth?.(this.queue.length);
    const size = this.options.windowSize;
    const data = new Float32Array(items.length * size);
    items.forEach((item, i) => data.set(item.data, i * size));
    this.inFlight++;
    this.runner(data, items.length)
      .then((run) => {
        if (run.run?.first !== false) this.options.onRun?.(run.run?.windows ?? items.length, run.ms);
        const q = run.quantileCount;
        items.forEach((item, i) =>
          item.resolve({
            median: run.median[i] as number,
            lower: run.lower[i] as number,
            upper: run.upper[i] as number,
            quantiles: Array.from(run.quantiles.subarray(i * q, (i + 1) * q)),
          }),
        );
      })
      .catch((err: unknown) => {
        for (const item of items) item.reject(err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => {
        this.inFlight--;
        // Work that queued while the workers were busy has already waited; send it now.
        if (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
          this.cancelTimer();
          this.dispatch();
        }
        this.schedule();
      });
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Fails everything still queued (used on shutdown after in-flight requests had their grace time). */
  drain(reason: Error): void {
    this.cancelTimer();
    for (const item of this.queue.splice(0)) item.reject(reason);
    this.options.onQueueDepth?.(0);
  }
}
