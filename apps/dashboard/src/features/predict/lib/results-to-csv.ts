// Predictions → a CSV the engineer can open in a spreadsheet (one row per engine).
import type { Prediction } from '../api/predict-batch';

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function predictionsToCsv(predictions: Prediction[]): string {
  const horizons = [
    ...new Set(predictions.flatMap((p) => (p.failureProbability ?? []).map((f) => f.horizon))),
  ].sort((a, b) => a - b);
  const header = [
    'unit',
    'last_cycle',
    'rul',
    'rul_lower',
    'rul_upper',
    'interval_level',
    ...horizons.map((h) => `p_fail_within_${h}`),
    'model_name',
    'model_version',
    'warnings',
  ];
  const rows = predictions.map((p, i) => {
    const probability = (h: number) => p.failureProbability?.find((f) => f.horizon === h)?.probability;
    return [
      p.unit ?? String(i + 1),
      p.lastCycle,
      p.rul,
      p.interval.lower,
      p.interval.upper,
      p.interval.level,
      ...horizons.map(probability),
      p.model.name,
      p.model.version,
      p.warnings.map((w) => `${w.code}: ${w.message}`).join('; '),
    ]
      .map(cell)
      .join(',');
  });
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** The unit label shown for a prediction (JSON engines may omit the unit). */
export function unitLabel(prediction: Prediction, index: number): string {
  return prediction.unit ?? `#${index + 1}`;
}
