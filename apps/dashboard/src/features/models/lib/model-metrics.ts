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
  { key: 'phm08', label: 'PHM08 score per 100 engines', better: 'lower' },
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

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function numberOrMean(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const mean = record(value)?.mean;
  return typeof mean === 'number' && Number.isFinite(mean) ? mean : null;
}

/**
 * The four comparison metrics from a model's free-form metrics: `validation.<key>` (number or
 * `{ mean }` over seeds) first, then top-level `<key>`, then `validation.shipped.<key>`.
 */
export function metricsFrom(metrics: unknown): ModelMetrics {
  const root = record(metrics) ?? {};
  const validation = record(root.validation) ?? {};
  const shipped = record(validation.shipped) ?? {};
  const pick = (...keys: string[]): number | null => {
    for (const source of [validation, root, shipped])
      for (const key of keys) {
        const value = numberOrMean(source[key]);
        if (value !== null) return value;
      }
    return null;
  };
  return {
    rmse: pick('rmse'),
    phm08: pick('phm08ScorePer100', 'phm08Score', 'phm08'),
    coverage: pick('intervalCoverage', 'coverage'),
    width: pick('meanIntervalWidth', 'intervalWidth', 'width'),
  };
}
