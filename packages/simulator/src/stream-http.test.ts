// Pure function under test; nothing faked but the random source, which is injected.
import { describe, expect, it } from 'vitest';
import { retryDelayMs, type RetryPolicy } from './stream-http.js';

const policy: RetryPolicy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 5_000, random: () => 0.5 };

describe('retryDelayMs', () => {
  it('honours Retry-After in seconds or as an HTTP date, within the longest wait', () => {
    expect(retryDelayMs('2', 0, policy)).toBe(2000);
    expect(retryDelayMs('0', 3, policy)).toBe(0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs('Thu, 01 Jan 2026 00:00:03 GMT', 0, policy, now)).toBe(3000);
    expect(retryDelayMs('120', 0, policy)).toBe(5000);
  });

  it('backs off exponentially with full jitter when the API names no wait', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(undefined, a, policy))).toEqual([50, 100, 200, 400]);
    expect(retryDelayMs('soon', 10, policy)).toBe(2500);
    const spread = new Set(
      Array.from({ length: 50 }, () => retryDelayMs(null, 4, { ...policy, random: Math.random })),
    );
    expect(spread.size).toBeGreaterThan(10);
    expect(Math.max(...spread)).toBeLessThanOrEqual(1600);
  });
});
