// SharedReads with in-memory reads whose completion the test controls; nothing else is faked.
import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads.js';

/** A read that counts its starts and ends only when the test says so. */
function controlledReads() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started += 1;
      pending.push({ resolve, reject });
    });
  const flush = () => new Promise((r) => setImmediate(r));
  return {
    read,
    flush,
    get started() {
      return started;
    },
    /** Finishes the oldest running read with the number of reads started so far at its start. */
    finish(value: number) {
      pending.shift()?.resolve(value);
    },
    fail(error: Error) {
      pending.shift()?.reject(error);
    },
  };
}

describe('SharedReads', () => {
  it('answers callers who arrive during a read with the next read, one for all of them', async () => {
    const reads = new SharedReads<number>();
    const r = controlledReads();
    const first = reads.run('k', r.read);
    await r.flush();
    const later = [reads.run('k', r.read), reads.run('k', r.read), reads.run('k', r.read)];
    await r.flush();
    // The later callers do not start a read of their own while the first runs.
    expect(r.started).toBe(1);
    r.finish(1);
    await expect(first).resolves.toBe(1);
    await r.flush();
    // Their shared read starts only once the first has ended, so it saw everything before they asked.
    expect(r.started).toBe(2);
    r.finish(2);
    await expect(Promise.all(later)).resolves.toEqual([2, 2, 2]);
    expect(reads.inFlight).toBe(0);
  });

  it('never answers a caller with a read that began before it asked', async () => {
    const reads = new SharedReads<number>();
    const r = controlledReads();
    const answers: Promise<number>[] = [];
    const startedWhenAsked: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      startedWhenAsked.push(r.started);
      answers.push(reads.run('k', r.read));
      await r.flush();
      if (i % 2 === 1) r.finish(r.started);
      await r.flush();
    }
    while (reads.inFlight > 0) {
      r.finish(r.started);
      await r.flush();
    }
    const got = await Promise.all(answers);
    // Each answer comes from a read numbered above every read started before its caller asked.
    got.forEach((value, i) => expect(value).toBeGreaterThan(startedWhenAsked[i] as number));
  });

  it('keeps different keys apart', async () => {
    const reads = new SharedReads<number>();
    const r = controlledReads();
    const a = reads.run('a', r.read);
    const b = reads.run('b', r.read);
    await r.flush();
    expect(r.started).toBe(2);
    r.finish(10);
    r.finish(20);
    await expect(Promise.all([a, b])).resolves.toEqual([10, 20]);
  });

  it('hands a failed read to its own callers only, then reads afresh', async () => {
    const reads = new SharedReads<number>();
    const r = controlledReads();
    const first = reads.run('k', r.read);
    await r.flush();
    const second = reads.run('k', r.read);
    r.fail(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await r.flush();
    r.finish(7);
    await expect(second).resolves.toBe(7);
    const third = reads.run('k', r.read);
    await r.flush();
    expect(r.started).toBe(3);
    r.finish(8);
    await expect(third).resolves.toBe(8);
  });

  it('gives a read that throws synchronously back as a rejection', async () => {
    const reads = new SharedReads<number>();
    await expect(
      reads.run('k', () => {
        throw new Error('bad edges');
      }),
    ).rejects.toThrow('bad edges');
    expect(reads.inFlight).toBe(0);
  });
});
