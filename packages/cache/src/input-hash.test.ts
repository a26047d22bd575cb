// Real: the hashing code only. Faked: nothing.
import { describe, expect, it } from 'vitest';
import { predictionCacheKey, stableHash } from './input-hash.js';

describe('stableHash', () => {
  it('ignores object key order and treats -0 as 0', () => {
    expect(stableHash({ a: 1, b: [1, 2] })).toBe(stableHash({ b: [1, 2], a: 1 }));
    expect(stableHash([-0])).toBe(stableHash([0]));
  });

  it('distinguishes values that differ at all', () => {
    const window = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 24 }, (_, j) => i * 24 + j + 0.5),
    );
    const nudged = window.map((row) => [...row]);
    (nudged[29] as number[])[23] = 719.5000000000001;
    expect(stableHash(window)).not.toBe(stableHash(nudged));
    expect(stableHash([1, 2])).not.toBe(stableHash([[1, 2]]));
    expect(stableHash('1')).not.toBe(stableHash(1));
  });

  it('hashes typed arrays like plain arrays and refuses non-finite numbers', () => {
    expect(stableHash(new Float64Array([1.5, 2]))).toBe(stableHash([1.5, 2]));
    expect(() => stableHash([Number.NaN])).toThrow(TypeError);
  });
});

describe('predictionCacheKey', () => {
  it('changes with the model version', () => {
    const input = [[1, 2, 3]];
    expect(predictionCacheKey('v1', input)).toMatch(/^prediction:v1:[0-9a-f]{64}$/);
    expect(predictionCacheKey('v1', input)).not.toBe(predictionCacheKey('v2', input));
  });
});
