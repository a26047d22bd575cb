// The versions of one model name: when, on what data, their validation metrics, and which one serves.
import type { ReactNode } from 'react';
import { StatusBadge } from '../../../components/status-badge';
import { METRICS, formatMetric, type ModelMetrics } from '../lib/model-metrics';

export interface ModelRowView {
  version: string;
  name: string;
  status: string;
  createdAt: string | null;
  metrics: ModelMetrics;
  active: boolean;
}

const TABLE_METRICS = METRICS.filter((m) => m.inTable);

export function ModelRegistryTable({
  name,
  models,
  selected,
  onCompare,
  onActivate,
  trainingData,
}: {
  name: string;
  models: ModelRowView[];
  /** Renders the training-data cell (it comes from each version's card). */
  trainingData: (version: string) => ReactNode;
  /** The versions being compared. */
  selected: readonly string[];
  onCompare: (version: string) => void;
  onActivate: (version: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Versions of {name}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Created</th>
            <th scope="col">Training data</th>
            {TABLE_METRICS.map((metric) => (
              <th key={metric.key} scope="col" className="num">
                {metric.label}
              </th>
            ))}
            <th scope="col">In service</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr
              key={model.version}
              id={`model-${model.version}`}
              aria-current={selected.includes(model.version)}
            >
              <th scope="row">{model.version}</th>
              <td>{model.createdAt ? new Date(model.createdAt).toLocaleString('en') : '–'}</td>
              <td>{trainingData(model.version)}</td>
              {TABLE_METRICS.map((metric) => (
                <td key={metric.key} className="num">
                  {formatMetric(metric.key, model.metrics[metric.key])}
                </td>
              ))}
              <td>
                {model.active ? (
                  <StatusBadge tone="ok">Active</StatusBadge>
                ) : (
                  <StatusBadge tone="neutral">
                    {model.status === 'retired' ? 'Retired' : 'Staged'}
                  </StatusBadge>
                )}
              </td>
              <td>
                <div className="row">
                  {models.length > 1 ? (
                    <button
                      type="button"
                      aria-label={`Compare ${model.version}`}
                      onClick={() => onCompare(model.version)}
                    >
                      Compare
                    </button>
                  ) : null}
                  {model.active ? null : (
                    <button
                      type="button"
                      aria-label={`Activate ${model.version}…`}
                      onClick={() => onActivate(model.version)}
                    >
                      Activate…
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
