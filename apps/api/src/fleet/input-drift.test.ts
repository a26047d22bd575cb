// Pure function under test; nothing faked.
import { describe, expect, it } from 'vitest';
import { driftScores } from './input-drift.js';

describe('driftScores', () => {
  it('standardises the mean shift by the training spread', () => {
    expect(driftScores({ mean: 1593, std: 3 }, { mean: 1590, std: 6 })).toEqual({
      score: 0.5,
      stdRatio: 0.5,
    });
  });

  it('scores a channel that was constant in training as 0 while it stays put', () => {
    // T2 in FD001: std 1e-13 from float noise; dividing by it would flag a channel that never moved.
    expect(driftScores({ mean: 518.67, std: 0 }, { mean: 518.6700000000001, std: 1.1e-13 })).toEqual({
      score: 0,
      stdRatio: 0,
    });
    expect(driftScores({ mean: 100, std: 0 }, { mean: 100, std: 0 }).score).toBe(0);
  });

  it('still flags a constant channel that starts moving', () => {
    expect(driftScores({ mean: 520, std: 0.5 }, { mean: 518.67, std: 0 }).score).toBeGreaterThan(1000);
  });

  it('has no score without recent telemetry', () => {
    expect(driftScores({ mean: null, std: null }, { mean: 1, std: 1 })).toEqual({
      score: null,
      stdRatio: null,
    });
  });
});
