// Real functions, nothing faked.
import { describe, expect, it } from 'vitest';
import { formatMetric, metricDelta, metricsFrom } from './model-metrics';

describe('model metrics', () => {
  it('reads card metrics given as fold summaries, plain numbers or the shipped model', () => {
    expect(
      metricsFrom({
        validation: {
          rmse: { mean: 13.2, sd: 1.1 },
          rmseCappedTruth: { mean: 10.9, sd: 1.06, values: [9.4, 12.1] },
          phm08ScorePer100: 270.3,
          phm08ScoreCappedTruthPer100: { mean: 173.4 },
          shipped: { intervalCoverage: 0.93, meanIntervalWidth: 39.1 },
        },
      }),
    ).toEqual({
      rmseCapped: { mean: 10.9, sd: 1.06 },
      rmse: { mean: 13.2, sd: 1.1 },
      phm08Capped: { mean: 173.4, sd: null },
      phm08: { mean: 270.3, sd: null },
      coverage: { mean: 0.93, sd: null },
      width: { mean: 39.1, sd: null },
    });
    expect(metricsFrom(null)).toEqual({
      rmseCapped: null,
      rmse: null,
      phm08Capped: null,
      phm08: null,
      coverage: null,
      width: null,
    });
  });

  it('shows the spread on request, coverage in percentage points', () => {
    expect(formatMetric('rmse', { mean: 13.566, sd: 1.033 })).toBe('13.57');
    expect(formatMetric('rmse', { mean: 13.566, sd: 1.033 }, true)).toBe('13.57 ± 1.03');
    expect(formatMetric('coverage', { mean: 0.908, sd: 0.043 }, true)).toBe('90.8% ± 4.3 pp');
    expect(formatMetric('width', { mean: 31.3, sd: 0 }, true)).toBe('31.3');
    expect(formatMetric('width', null, true)).toBe('–');
  });

  it('says in words whether a change is better, by the metric’s direction', () => {
    expect(metricDelta('rmse', 12, 13.5)).toEqual({ text: '-1.5', verdict: 'better' });
    expect(metricDelta('coverage', 0.88, 0.9)).toEqual({ text: '-2.0 pp', verdict: 'worse' });
    expect(metricDelta('width', 40, 40)).toEqual({ text: '±0', verdict: 'same' });
    expect(metricDelta('phm08', null, 3)).toEqual({ text: '–', verdict: 'unknown' });
  });
});
