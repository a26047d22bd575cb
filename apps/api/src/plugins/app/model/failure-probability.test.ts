// Pure function; nothing is faked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureProbabilities } from './failure-probability.js';

const levels = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

describe('failureProbabilities', () => {
  it('hits the quantile levels at the quantile values', () => {
    const q = [10, 20, 30, 40, 50, 60, 70];
    const p = failureProbabilities([10, 40, 70], q, levels, 125).map((x) => x.probability);
    expect(p).toEqual([0.05, 0.5, 0.95]);
  });

  it('interpolates between quantiles and from zero below the first', () => {
    const q = [10, 20, 30, 40, 50, 60, 70];
    expect(failureProbabilities([5, 35], q, levels, 125).map((x) => x.probability)).toEqual([0.025, 0.375]);
  });

  it('caps horizons at maxRul', () => {
    const q = [100, 105, 110, 115, 120, 122, 124];
    const [a, b] = failureProbabilities([125, 500], q, levels, 125);
    expect(a?.probability).toBe(b?.probability);
  });

  it('is within [0, 1] and monotone in the horizon for any quantiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -50, max: 300, noNaN: true }), { minLength: 7, maxLength: 7 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 10 }),
        (q, hs) => {
          const horizons = [...hs].sort((a, b) => a - b);
          const p = failureProbabilities(horizons, q, levels, 125).map((x) => x.probability);
          p.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            if (i > 0) expect(v).toBeGreaterThanOrEqual(p[i - 1] as number);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
