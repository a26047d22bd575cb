// Every registered model: version, when, on what data, its validation metrics, and which one serves.
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

export function ModelRegistryTable({
  models,
  selected,
  onCompare,
  onActivate,
  trainingData,
}: {
  models: ModelRowView[];
  /** Renders the training-data cell (it comes from each version's card). */
  trainingData: (version: string) => ReactNode;
  /** The version being compared with the active one. */
  selected: string | null;
  onCompare: (version: string) => void;
  onActivate: (version: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Model registry</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Created</th>
            <th scope="col">Training data</th>
            {METRICS.map((metric) => (
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
            <tr key={model.version} id={`model-${model.version}`} aria-current={selected === model.version}>
              <th scope="row">
                {model.version}
                <div className="hint">{model.name}</div>
              </th>
              <td>{model.createdAt ? new Date(model.createdAt).toLocaleString('en') : '–'}</td>
              <td>{trainingData(model.version)}</td>
              {METRICS.map((metric) => (
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
                {model.active ? null : (
                  <div className="row">
                    <button
                      type="button"
                      aria-label={`Compare ${model.version} with the active model`}
                      onClick={() => onCompare(model.version)}
                    >
                      Compare
                    </button>
                    <button
                      type="button"
                      aria-label={`Activate ${model.version}…`}
                      onClick={() => onActivate(model.version)}
                    >
                      Activate…
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
