// Real MicroBatcher; the ONNX runner is faked by a function that echoes each window's first value.
import { describe, expect, it } from 'vitest';
import { MicroBatcher, QueueFullError, type BatchRun } from './micro-batcher.js';

const SIZE = 4;

function fakeRunner(calls: number[], gate?: Promise<void>) {
  return async (data: Float32Array, batch: number): Promise<BatchRun> => {
    calls.push(batch);
    await gate;
    const median = Float32Array.from({ length: batch }, (_, i) => data[i * SIZE] as number);
    return { median, lower: median, upper: median, quantiles: median, quantileCount: 1, ms: 1 };
  };
}

const windowOf = (v: number) => new Float32Array(SIZE).fill(v);

describe('MicroBatcher', () => {
  it('coalesces concurrent submissions into one run and routes results back', async () => {
    const calls: number[] = [];
    const b = new MicroBatcher(fakeRunner(calls), {
      maxBatch: 16,
      maxWaitMs: 5,
      maxQueue: 100,
      concurrency: 1,
      windowSize: SIZE,
    });
    const results = await Promise.all([1, 2, 3].map((v) => b.submit(windowOf(v), 1)));
    expect(calls).toEqual([3]);
    expect(results.map((r) => r[0]?.median)).toEqual([1, 2, 3]);
  });

  it('with maxWaitMs 0 still coalesces submissions made in the same event-loop turn', async () => {
    const calls: number[] = [];
    const b = new MicroBatcher(fakeRunner(calls), {
      maxBatch: 16,
      maxWaitMs: 0,
      maxQueue: 100,
      concurrency: 1,
      windowSize: SIZE,
    });
    await Promise.all([1, 2, 3, 4].map((v) => b.submit(windowOf(v), 1)));
    expect(calls).toEqual([4]);
  });

  it('hands many small submissions over in dispatchSize pieces and never splits one below maxBatch', async () => {
    const calls: number[] = [];
    const b = new MicroBatcher(fakeRunner(calls), {
      maxBatch: 16,
      dispatchSize: 4,
      maxWaitMs: 0,
      maxQueue: 100,
      concurrency: 2,
      windowSize: SIZE,
    });
    const data = new Float32Array(20 * SIZE);
    for (let i = 0; i < 20; i++) data[i * SIZE] = 100 + i;
    const small = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => b.submit(windowOf(v), 1));
    const large = b.submit(data, 20);
    const both = b.submit(data.slice(0, 2 * SIZE), 2);
    const rows = await Promise.all([...small, large, both]);
    // Ten single windows in pieces of 4; the 20-window request in 16 + 4, never in pieces of 4;
    // the 2-window request does not fit beside the remainder within dispatchSize, so it goes alone.
    expect(calls).toEqual([4, 4, 2, 16, 4, 2]);
    expect(rows.slice(0, 10).map((r) => r[0]?.median)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[10]?.map((r) => r.median)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(rows[11]?.map((r) => r.median)).toEqual([100, 101]);
  });

  it('never exceeds maxBatch and keeps multi-window submissions in order', async () => {
    const calls: number[] = [];
    const b = new MicroBatcher(fakeRunner(calls), {
      maxBatch: 4,
      maxWaitMs: 1,
      maxQueue: 100,
      concurrency: 1,
      windowSize: SIZE,
    });
    const data = new Float32Array(10 * SIZE);
    for (let i = 0; i < 10; i++) data[i * SIZE] = i;
    const rows = await b.submit(data, 10);
    expect(rows.map((r) => r.median)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...calls)).toBeLessThanOrEqual(4);
    expect(calls.reduce((a, c) => a + c, 0)).toBe(10);
  });

  it('refuses work beyond the queue bound without queuing any of it', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const depths: number[] = [];
    const b = new MicroBatcher(fakeRunner([], gate), {
      maxBatch: 2,
      maxWaitMs: 0,
      maxQueue: 3,
      concurrency: 1,
      windowSize: SIZE,
      onQueueDepth: (d) => depths.push(d),
    });
    const first = b.submit(new Float32Array(2 * SIZE), 2); // dispatched at once (full batch)
    const queued = b.submit(new Float32Array(3 * SIZE), 3); // waits behind the busy worker
    await expect(b.submit(windowOf(1), 1)).rejects.toBeInstanceOf(QueueFullError);
    expect(b.depth).toBe(3);
    open();
    await Promise.all([first, queued]);
    expect(depths.at(-1)).toBe(0);
  });

  it('rejects every window of a failed run', async () => {
    const b = new MicroBatcher(async () => Promise.reject(new Error('boom')), {
      maxBatch: 8,
      maxWaitMs: 0,
      maxQueue: 10,
      concurrency: 1,
      windowSize: SIZE,
    });
    await expect(Promise.all([b.submit(windowOf(1), 1), b.submit(windowOf(2), 1)])).rejects.toThrow('boom');
    // And the batcher keeps working afterwards.
    await expect(b.submit(windowOf(1), 1)).rejects.toThrow('boom');
  });

  it('drain fails queued work', async () => {
    const b = new MicroBatcher(fakeRunner([], new Promise(() => undefined)), {
      maxBatch: 1,
      maxWaitMs: 0,
      maxQueue: 10,
      concurrency: 1,
      windowSize: SIZE,
    });
    void b.submit(windowOf(1), 1);
    const waiting = b.submit(windowOf(2), 1);
    b.drain(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });

  it('reports each ONNX Runtime run once when the runner merged several batches into it', async () => {
    const runs: Array<[number, number]> = [];
    let call = 0;
    // The runner answers as a merging worker does: both batches were one run of 2 windows.
    const runner = async (data: Float32Array, batch: number): Promise<BatchRun> => {
      const first = call++ === 0;
      const median = Float32Array.from({ length: batch }, (_, i) => data[i * SIZE] as number);
      return {
        median, lower: median, upper: median, quantiles: median, quantileCount: 1, ms: 3,
        run: { windows: 2, first },
      }; // prettier-ignore
    };
    const b = new MicroBatcher(runner, {
      maxBatch: 1,
      maxWaitMs: 0,
      maxQueue: 10,
      concurrency: 2,
      windowSize: SIZE,
      onRun: (n, ms) => runs.push([n, ms]),
    });
    const rows = await Promise.all([b.submit(windowOf(1), 1), b.submit(windowOf(2), 1)]);
    expect(rows.map((r) => r[0]?.median)).toEqual([1, 2]);
    expect(runs).toEqual([[2, 3]]);
  });
});
