// Real functions, nothing faked.
import { describe, expect, it } from 'vitest';
import { metricDelta, metricsFrom } from './model-metrics';

describe('model metrics', () => {
  it('reads card metrics given as seed summaries, plain numbers or the shipped model', () => {
    expect(
      metricsFrom({
        validation: {
          rmse: { mean: 13.2, sd: 0 },
          phm08ScorePer100: 270.3,
          shipped: { intervalCoverage: 0.93, meanIntervalWidth: 39.1 },
        },
      }),
    ).toEqual({ rmse: 13.2, phm08: 270.3, coverage: 0.93, width: 39.1 });
    expect(metricsFrom(null)).toEqual({ rmse: null, phm08: null, coverage: null, width: null });
  });

  it('says in words whether a change is better, by the metric’s direction', () => {
    expect(metricDelta('rmse', 12, 13.5)).toEqual({ text: '-1.5', verdict: 'better' });
    expect(metricDelta('coverage', 0.88, 0.9)).toEqual({ text: '-2.0 pp', verdict: 'worse' });
    expect(metricDelta('width', 40, 40)).toEqual({ text: '±0', verdict: 'same' });
    expect(metricDelta('phm08', null, 3)).toEqual({ text: '–', verdict: 'unknown' });
  });
});
