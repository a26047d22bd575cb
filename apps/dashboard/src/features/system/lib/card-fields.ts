// The model card's free-form parts (metrics, training stats, data, onnx) arrive as `unknown`; read
// them defensively so an older or newer card never breaks the page.

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export interface Metric {
  key: string;
  value: number;
  /** Spread over training seeds, when the card reports `{ mean, sd }`. */
  sd?: number;
}

/** metrics.validation: plain numbers and `{ mean, sd }` summaries, in card order; other entries are skipped. */
export function validationMetrics(metrics: unknown): Metric[] {
  const validation = record(record(metrics)?.validation);
  if (!validation) return [];
  return Object.entries(validation).flatMap(([key, value]): Metric[] => {
    if (typeof value === 'number') return [{ key, value }];
    const summary = record(value);
    if (summary && typeof summary.mean === 'number') {
      return [
        typeof summary.sd === 'number'
          ? { key, value: summary.mean, sd: summary.sd }
          : { key, value: summary.mean },
      ];
    }
    return [];
  });
}

/** metrics.validation.protocol: how the numbers were measured, when the card says. */
export function validationProtocol(metrics: unknown): string | null {
  const protocol = record(record(metrics)?.validation)?.protocol;
  return typeof protocol === 'string' ? protocol : null;
}

/** A short string field of a nested card object, e.g. field(card.onnx, 'opset'). */
export function field(value: unknown, key: string): string | null {
  const v = record(value)?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

const METRIC_NAMES: Record<string, string> = {
  rmse: 'RMSE (cycles)',
  rmseCappedTruth: 'RMSE vs capped truth (cycles)',
  mae: 'MAE (cycles)',
  phm08Score: 'PHM08 score',
  phm08ScorePer100: 'PHM08 score per 100 engines',
  phm08ScoreCappedTruth: 'PHM08 score vs capped truth',
  phm08ScoreCappedTruthPer100: 'PHM08 score per 100 engines vs capped truth',
  intervalCoverage: 'Interval coverage',
  meanIntervalWidth: 'Mean interval width (cycles)',
  uncalibratedCoverage: 'Coverage before calibration',
};

/** A readable metric name: known keys by name, others from camelCase (nasaScore → Nasa score). */
export function humanize(key: string): string {
  const known = METRIC_NAMES[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
