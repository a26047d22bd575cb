// Predicted RUL per engine with its interval, on uPlot.
import { useMemo } from 'react';
import { IntervalChart } from '../../../components/charts/interval-chart';
import { formatPercent } from '../../../lib/format/format-number';
import type { Prediction } from '../api/predict-batch';
import { unitLabel } from '../lib/results-to-csv';

export function PredictionChart({ predictions }: { predictions: Prediction[] }) {
  const points = useMemo(
    () =>
      predictions.map((p, i) => ({
        category: unitLabel(p, i),
        value: p.rul,
        lower: p.interval.lower,
        upper: p.interval.upper,
      })),
    [predictions],
  );
  const level = formatPercent(predictions[0]?.interval.level ?? 0.9);
  return (
    <IntervalChart
      points={points}
      categoryLabel="Engine"
      valueLabel="Predicted RUL (cycles)"
      intervalLabel={`${level} interval`}
      label={`Predicted remaining useful life per engine with ${level} intervals; the same numbers are in the table below.`}
    />
  );
}
