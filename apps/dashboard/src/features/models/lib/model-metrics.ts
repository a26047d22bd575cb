// The validation metrics two versions of a model are compared on, read from their cards: how to show
// them, and which direction is better.

/** A card metric: the mean over validation folds (or seeds), with its spread when the card gives one. */
export interface MetricValue {
  mean: number;
  sd: number | null;
}

export interface ModelMetrics {
  rmseCapped: MetricValue | null;
  rmse: MetricValue | null;
  phm08Capped: MetricValue | null;
  phm08: MetricValue | null;
  coverage: MetricValue | null;
  width: MetricValue | null;
}

export type MetricKey = keyof ModelMetrics;

export interface MetricSpec {
  key: MetricKey;
  label: string;
  better: 'lower' | 'higher';
  /** Card keys it is read from, first found wins. */
  cardKeys: string[];
  /** Shown in the registry table too (the comparison shows every metric). */
  inTable: boolean;
}

export const METRICS: MetricSpec[] = [
  {
    key: 'rmseCapped',
    label: 'Capped RMSE (cycles)',
    better: 'lower',
    cardKeys: ['rmseCappedTruth'],
    inTable: true,
  },
  { key: 'rmse', label: 'RMSE (cycles)', better: 'lower', cardKeys: ['rmse'], inTable: true },
  {
    key: 'phm08Capped',
    label: 'Capped PHM08 score per 100 engines',
    better: 'lower',
    cardKeys: ['phm08ScoreCappedTruthPer100'],
    inTable: false,
  },
  {
    key: 'phm08',
    label: 'PHM08 score per 100 engines',
    better: 'lower',
    cardKeys: ['phm08ScorePer100', 'phm08Score', 'phm08'],
    inTable: true,
  },
  {
    key: 'coverage',
    label: 'Interval coverage',
    better: 'higher',
    cardKeys: ['intervalCoverage', 'coverage'],
    inTable: true,
  },
  {
    key: 'width',
    label: 'Mean interval width (cycles)',
    better: 'lower',
    cardKeys: ['meanIntervalWidth', 'intervalWidth', 'width'],
    inTable: true,
  },
];

function formatNumber(key: MetricKey, value: number): string {
  if (key === 'coverage') return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
}

/** The mean, and with `withSd` its spread as "± sd" (in points for coverage). */
export function formatMetric(key: MetricKey, value: MetricValue | null | undefined, withSd = false): string {
  if (!value) return '–';
  const mean = formatNumber(key, value.mean);
  if (!withSd || value.sd === null || value.sd === 0) return mean;
  const sd = key === 'coverage' ? `${(value.sd * 100).toFixed(1)} pp` : formatNumber(key, value.sd);
  return `${mean} ± ${sd}`;
}

export interface MetricDelta {
  text: string;
  verdict: 'better' | 'worse' | 'same' | 'unknown';
}

/** Candidate minus base, signed, with a verdict in words (never colour alone). */
export function metricDelta(key: MetricKey, candidate: number | null, base: number | null): MetricDelta {
  if (candidate == null || base == null) return { text: '–', verdict: 'unknown' };
  const delta = candidate - base;
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

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function metricValue(value: unknown): MetricValue | null {
  if (finite(value)) return { mean: value, sd: null };
  const summary = record(value);
  if (!summary || !finite(summary.mean)) return null;
  return { mean: summary.mean, sd: finite(summary.sd) ? summary.sd : null };
}

/**
 * The comparison metrics from a card's free-form metrics: `validation.<key>` (a number or
 * `{ mean, sd }` over folds) first, then top-level `<key>`, then `validation.shipped.<key>`.
 */
export function metricsFrom(metrics: unknown): ModelMetrics {
  const root = record(metrics) ?? {};
  const validation = record(root.validation) ?? {};
  const shipped = record(validation.shipped) ?? {};
  const pick = (keys: string[]): MetricValue | null => {
    for (const source of [validation, root, shipped])
      for (const key of keys) {
        const value = metricValue(source[key]);
        if (value) return value;
      }
    return null;
  };
  return Object.fromEntries(METRICS.map((m) => [m.key, pick(m.cardKeys)])) as unknown as ModelMetrics;
}
