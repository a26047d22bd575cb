import { expect } from 'vitest';

/**
 * A matcher for a prediction as another request for the same engine answers it. ONNX Runtime sums in
 * another order when an engine shares a run with others (a batch, or /predict calls coalesced), so the
 * float outputs differ in about the sixth digit and a value rounded to 3 decimals may land one unit
 * apart. Numbers must agree to within 1.6e-3; every other field must be equal.
 */
export function samePrediction(expected: unknown): unknown {
  if (typeof expected === 'number') return expect.closeTo(expected, 2.5);
  if (Array.isArray(expected)) return expected.map(samePrediction);
  if (expected !== null && typeof expected === 'object') {
    return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, samePrediction(v)]));
  }
  return expected;
}
