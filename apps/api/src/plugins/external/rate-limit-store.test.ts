// Real: the in-process fallback counter. Faked: nothing (the Redis path is covered by test/integration).
import { describe, expect, it } from 'vitest';
import { LocalWindows } from './rate-limit-store.js';

describe('LocalWindows', () => {
  it('counts per key within a fixed window and starts again after it', () => {
    const windows = new LocalWindows();
    expect(windows.incr('a', 1000, 0)).toEqual({ current: 1, ttl: 1000 });
    expect(windows.incr('a', 1000, 400)).toEqual({ current: 2, ttl: 600 });
    expect(windows.incr('b', 1000, 400)).toEqual({ current: 1, ttl: 1000 });
    expect(windows.incr('a', 1000, 1000)).toEqual({ current: 1, ttl: 1000 });
  });

  it('stays bounded when many clients show up', () => {
    const windows = new LocalWindows();
    for (let i = 0; i < 25_000; i++) windows.incr(`ip:${i}`, 60_000, 0);
    // The newest clients are still counted; memory did not grow with every one seen.
    expect(windows.incr('ip:24999', 60_000, 1)).toEqual({ current: 2, ttl: 59_999 });
    expect((windows as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(
      10_000,
    );
  });
});
