import { describe, expect, it } from 'vitest';
import { humanize } from './card-fields';

describe('humanize', () => {
  it('names the capped-truth scores of a cross-validated card', () => {
    expect(humanize('rmseCappedTruth')).toBe('RMSE vs capped truth (cycles)');
    expect(humanize('phm08ScoreCappedTruthPer100')).toBe('PHM08 score per 100 engines vs capped truth');
  });

  it('falls back to words for unknown keys', () => {
    expect(humanize('nasaScore')).toMatch(/^Nasa score$/i);
  });
});
