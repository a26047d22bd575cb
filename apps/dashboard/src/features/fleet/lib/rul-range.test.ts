// Pure functions; nothing faked.
import { describe, expect, it } from 'vitest';
import { bandRange, rangeLabel, rangeQuery, sameRange } from './rul-range';

const bands = [
  { from: 0, to: 25 },
  { from: 25, to: 50 },
  { from: 50, to: null },
];

describe('remaining-life range of a band', () => {
  it('asks for the first band without rulMin and the open last band without rulMax', () => {
    // The summary counts a RUL below the first edge in the first band; the list must match its count.
    expect(bandRange(bands, 0)).toEqual({ min: null, max: 25 });
    expect(bandRange(bands, 1)).toEqual({ min: 25, max: 50 });
    expect(bandRange(bands, 2)).toEqual({ min: 50, max: null });
    expect(bandRange([{ from: 0, to: null }], 0)).toEqual({ min: 0, max: null });
    expect(() => bandRange(bands, 3)).toThrow(RangeError);
  });

  it('becomes the query of GET /engines, the unset bound left out', () => {
    expect(rangeQuery(bandRange(bands, 0))).toEqual({ rulMax: 25 });
    expect(rangeQuery(bandRange(bands, 1))).toEqual({ rulMin: 25, rulMax: 50 });
    expect(rangeQuery(null)).toEqual({});
  });

  it('compares and names ranges', () => {
    expect(sameRange({ min: 25, max: 50 }, bandRange(bands, 1))).toBe(true);
    expect(sameRange({ min: 25, max: 50 }, { min: 25, max: null })).toBe(false);
    expect(sameRange(null, bandRange(bands, 0))).toBe(false);
    expect(rangeLabel({ min: null, max: 25 })).toBe('below 25');
    expect(rangeLabel({ min: 25, max: 50 })).toBe('25–50');
    expect(rangeLabel({ min: 125, max: null })).toBe('125 or more');
  });
});
