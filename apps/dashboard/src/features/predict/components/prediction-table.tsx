// One row per engine, with the model that judged it; sortable by predicted RUL so the most urgent
// engines can come first.
import { useMemo, useState } from 'react';
import { ModelName } from '../../../components/model-name';
import { StatusBadge } from '../../../components/status-badge';
import { formatCycles, formatPercent } from '../../../lib/format/format-number';
import { warningLabel } from '../../../lib/format/prediction-warnings';
import type { Prediction } from '../api/predict-batch';
import { unitLabel } from '../lib/results-to-csv';

type Order = 'input' | 'rul-asc' | 'rul-desc';

const NEXT: Record<Order, Order> = { input: 'rul-asc', 'rul-asc': 'rul-desc', 'rul-desc': 'input' };
const ARIA_SORT = { input: 'none', 'rul-asc': 'ascending', 'rul-desc': 'descending' } as const;

export function PredictionTable({ predictions }: { predictions: Prediction[] }) {
  const [order, setOrder] = useState<Order>('input');
  const rows = useMemo(() => {
    const indexed = predictions.map((prediction, index) => ({
      prediction,
      label: unitLabel(prediction, index),
    }));
    if (order === 'input') return indexed;
    const sign = order === 'rul-asc' ? 1 : -1;
    return [...indexed].sort((a, b) => sign * (a.prediction.rul - b.prediction.rul));
  }, [predictions, order]);
  const level = formatPercent(predictions[0]?.interval.level ?? 0.9);

  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Predictions per engine</caption>
        <thead>
          <tr>
            <th scope="col">Engine</th>
            <th scope="col" className="num">
              Last cycle
            </th>
            <th scope="col" className="num" aria-sort={ARIA_SORT[order]}>
              <button type="button" onClick={() => setOrder(NEXT[order])} title="Change sort order">
                Predicted RUL (cycles){order === 'rul-asc' ? ' ▲' : order === 'rul-desc' ? ' ▼' : ''}
              </button>
            </th>
            <th scope="col" className="num">
              {level} interval
            </th>
            <th scope="col">Model</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ prediction: p, label }) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{p.lastCycle}</td>
              <td className="num">{formatCycles(p.rul)}</td>
              <td className="num">
                {formatCycles(p.interval.lower)} – {formatCycles(p.interval.upper)}
              </td>
              <td>
                <ModelName name={p.model.name} /> <span className="muted">{p.model.version}</span>
              </td>
              <td>
                {p.warnings.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  p.warnings.map((warning) => (
                    <p key={warning.code} className="warning-note">
                      <StatusBadge tone="warning">{warningLabel(warning.code)}</StatusBadge>{' '}
                      <span className="muted">{warning.message}</span>
                    </p>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
