// The four numbers models are compared on, how to show them, and which direction is better.

export interface ModelMetrics {
  rmse: number | null;
  phm08: number | null;
  coverage: number | null;
  width: number | null;
}

export type MetricKey = keyof ModelMetrics;

export const METRICS: { key: MetricKey; label: string; better: 'lower' | 'higher' }[] = [
  { key: 'rmse', label: 'RMSE (cycles)', better: 'lower' },
  { key: 'phm08', label: 'PHM08 score', better: 'lower' },
  { key: 'coverage', label: 'Interval coverage', better: 'higher' },
  { key: 'width', label: 'Mean interval width (cycles)', better: 'lower' },
];

export function formatMetric(key: MetricKey, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (key === 'coverage') return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
}

export interface MetricDelta {
  text: string;
  verdict: 'better' | 'worse' | 'same' | 'unknown';
}

/** Candidate minus active, signed, with a verdict in words (never colour alone). */
export function metricDelta(key: MetricKey, candidate: number | null, active: number | null): MetricDelta {
  if (candidate == null || active == null) return { text: '–', verdict: 'unknown' };
  const delta = candidate - active;
  const spec = METRICS.find((m) => m.key === key);
  const shown =
    key === 'coverage'
      ? `${(delta * 100).toFixed(1)} pp`
      : delta.toLocaleString('en', { maximumFractionDigits: 2 });
  const sign = delta > 0 ? '+' : '';
  if (Math.abs(delta) < 1e-9) return { text: '±0', verdict: 'same' };
  const improved = spec?.better === 'lower' ? delta < 0 : delta > 0;
  return { text: `${sign}${shown}`, verdict: improved ? 'better' : 'worse' };
}
